using System;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// Everything Start-AuroraRestore checks before it writes or creates anything: first the values themselves, then,
    /// against AWS, that the source, the snapshot or time, the target and the secrets are what the restore needs.
    /// </summary>
    public static class RestoreValidator
    {
        private static readonly Regex RegionPattern = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", RegexOptions.CultureInvariant);

        /// <summary>Lays the request over the configuration and checks the values (no AWS call).</summary>
        public static RestoreSettings Resolve(RestoreSettings? configured, RestoreRequest request, string defaultRegion)
        {
            var settings = configured?.Clone() ?? new RestoreSettings();
            settings.SourceClusterIdentifier = request.SourceClusterIdentifier ?? settings.SourceClusterIdentifier;
            settings.TargetClusterIdentifier = request.TargetClusterIdentifier ?? settings.TargetClusterIdentifier;
            settings.SourceRegion = request.SourceRegion ?? (string.IsNullOrEmpty(settings.SourceRegion) ? defaultRegion : settings.SourceRegion);
            settings.TargetRegion = request.TargetRegion ?? (string.IsNullOrEmpty(settings.TargetRegion) ? settings.SourceRegion : settings.TargetRegion);
            settings.DbInstanceClass = request.DbInstanceClass ?? settings.DbInstanceClass;
            settings.InstanceCount = request.InstanceCount ?? settings.InstanceCount;
            settings.DatabaseEndpointOverride = request.DatabaseEndpointOverride ?? settings.DatabaseEndpointOverride;

            Require(settings.SourceClusterIdentifier, "SourceClusterIdentifier", "source_cluster_id");
            Require(settings.TargetClusterIdentifier, "TargetClusterIdentifier", "target_cluster_id");
            foreach (var (id, name) in new[] { (settings.SourceClusterIdentifier, "source"), (settings.TargetClusterIdentifier, "target") })
            {
                if (!RestoreIdentifiers.IsValidClusterIdentifier(id))
                {
                    throw Invalid("InvalidClusterIdentifier", id, $"'{id}' is not a valid {name} cluster identifier.",
                        "Use 1 to 63 letters, digits or hyphens, starting with a letter, without two hyphens in a row or a trailing hyphen.");
                }
            }

            foreach (var region in new[] { settings.SourceRegion, settings.TargetRegion })
            {
                if (!RegionPattern.IsMatch(region))
                {
                    throw Invalid("InvalidRegion", region, $"'{region}' is not an AWS region name.", "Use a region code such as us-east-1.");
                }
            }

            if (settings.SourceRegion == settings.TargetRegion && string.Equals(settings.SourceClusterIdentifier, settings.TargetClusterIdentifier, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("TargetIsSource", settings.TargetClusterIdentifier, "The target cluster is the source cluster: a restore would replace the data it restores from.",
                    "Choose another -TargetClusterIdentifier or -TargetRegion.");
            }

            if (request.SnapshotIdentifier != null && !RestoreIdentifiers.IsValidSnapshotIdentifier(request.SnapshotIdentifier))
            {
                throw Invalid("InvalidSnapshotIdentifier", request.SnapshotIdentifier, $"'{request.SnapshotIdentifier}' is not a valid cluster snapshot identifier or ARN.",
                    "Pass the identifier shown by 'aws rds describe-db-cluster-snapshots', or its ARN.");
            }

            var sources = (request.SnapshotIdentifier != null ? 1 : 0) + (request.Date.HasValue ? 1 : 0) + (request.RestoreTime.HasValue ? 1 : 0) + (request.UseLatestRestorableTime ? 1 : 0);
            if (sources > 1)
            {
                throw Invalid("ConflictingRestoreSource", null, "Only one of -SnapshotIdentifier, -Date, -RestoreTime and -UseLatestRestorableTime may be given.",
                    "Pass one of them (none restores yesterday's snapshot).");
            }

            if ((request.RestoreTime.HasValue || request.UseLatestRestorableTime) && settings.SourceRegion != settings.TargetRegion)
            {
                throw Invalid("PointInTimeAcrossRegions", settings.TargetRegion, "A point-in-time restore creates the cluster in the source's region; it cannot target another region.",
                    "Leave -TargetRegion out (or equal to the source region), or restore a snapshot instead.");
            }

            if (!RestoreIdentifiers.IsValidInstanceClass(settings.DbInstanceClass))
            {
                throw Invalid("InvalidInstanceClass", settings.DbInstanceClass, $"'{settings.DbInstanceClass}' is not a DB instance class.",
                    "Use a class such as db.r6g.large, db.t4g.medium or db.serverless.");
            }

            if (settings.InstanceCount < 1 || settings.InstanceCount > 15)
            {
                throw Invalid("InvalidInstanceCount", settings.InstanceCount, $"{settings.InstanceCount} instances: an Aurora cluster has 1 to 15.", "Pass -InstanceCount between 1 and 15.");
            }

            if (request.OperationId != null && !RestoreIdentifiers.IsValidOperationId(request.OperationId))
            {
                throw Invalid("InvalidOperationId", request.OperationId, $"'{request.OperationId}' is not a valid operation id.", "Use 1 to 64 letters, digits, hyphens or underscores.");
            }

            if (request.FinalSnapshot && !request.ReplaceTarget)
            {
                throw Invalid("FinalSnapshotWithoutReplace", null, "-FinalSnapshot applies only to a replaced target.", "Add -ReplaceTarget, or leave -FinalSnapshot out.");
            }

            return settings;
        }

        /// <summary>Checks the request against AWS: nothing is created or changed here.</summary>
        public static async Task CheckAgainstAwsAsync(RestoreSettings settings, RestoreRequest request, RestoreServices services, CancellationToken cancellationToken)
        {
            var sourceRds = services.Rds(settings.SourceRegion);
            var targetRds = services.Rds(settings.TargetRegion);
            var source = await SnapshotResolver.RequireSourceClusterAsync(sourceRds, settings.SourceClusterIdentifier, cancellationToken).ConfigureAwait(false);
            var encrypted = source.StorageEncrypted;
            if (request.RestoreTime.HasValue)
            {
                SnapshotResolver.RequireInsideWindow(source, request.RestoreTime.Value);
            }
            else if (!request.UseLatestRestorableTime)
            {
                var snapshot = request.SnapshotIdentifier != null
                    ? await SnapshotResolver.RequireSnapshotAsync(sourceRds, settings.SourceClusterIdentifier, request.SnapshotIdentifier, cancellationToken).ConfigureAwait(false)
                    : await SnapshotResolver.FindDailySnapshotAsync(sourceRds, settings.SourceClusterIdentifier, settings.EffectiveSnapshotPrefix, request.Date ?? services.Now.UtcDateTime.Date.AddDays(-1), cancellationToken).ConfigureAwait(false);
                encrypted = snapshot.StorageEncrypted;
            }

            if (encrypted && settings.SourceRegion != settings.TargetRegion && string.IsNullOrEmpty(settings.KmsKeyId))
            {
                throw Invalid("KmsKeyRequired", settings.TargetRegion, "The snapshot is encrypted and the copy goes to another region: a KMS key of the target region is needed.",
                    "Set kms_key_id in the pipeline configuration.");
            }

            var target = await targetRds.DescribeDbClusterAsync(settings.TargetClusterIdentifier, cancellationToken).ConfigureAwait(false);
            if (target != null && !request.ReplaceTarget)
            {
                throw new AuroraRestoreException(
                    "TargetClusterExists", FailureCategory.ResourceExists, settings.TargetClusterIdentifier,
                    $"The target cluster '{settings.TargetClusterIdentifier}' already exists in {settings.TargetRegion}.",
                    "Add -ReplaceTarget to delete and replace it (you will be asked to confirm), or choose another -TargetClusterIdentifier.");
            }

            if (target != null && target.DeletionProtection)
            {
                throw new AuroraRestoreException(
                    "TargetDeletionProtected", FailureCategory.PermissionDenied, settings.TargetClusterIdentifier,
                    $"The target cluster '{settings.TargetClusterIdentifier}' has deletion protection, so it cannot be replaced.",
                    "Turn deletion protection off (aws rds modify-db-cluster --no-deletion-protection) if replacing it is intended.");
            }

            if (settings.SetupDbUsers)
            {
                foreach (var secretId in new[] { settings.MasterSecretId, settings.AppSecretId })
                {
                    if (secretId == null)
                    {
                        continue;
                    }

                    var secret = await services.Secrets(settings.TargetRegion).DescribeSecretAsync(secretId, cancellationToken).ConfigureAwait(false);
                    if (secret == null || secret.DeletedDate.HasValue)
                    {
                        throw new AuroraRestoreException(
                            "SecretNotFound", FailureCategory.ObjectNotFound, secretId,
                            $"The secret '{secretId}' does not exist in Secrets Manager in {settings.TargetRegion}.",
                            "Create it, or correct master_secret_id / app_secret_id in the pipeline configuration.");
                    }
                }
            }
        }

        private static void Require(string value, string parameter, string key)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw Invalid("MissingRestoreSetting", parameter, $"No {parameter} was given and the pipeline configuration has no {key}.",
                    $"Pass -{parameter}, or set {key} in the configuration (/aurora-restore/<environment>/config).");
            }
        }

        private static AuroraRestoreException Invalid(string id, object? target, string message, string action)
            => new AuroraRestoreException(id, FailureCategory.InvalidArgument, target, message, action);
    }
}
