using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Restores;
using AuroraRestore.State;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// "Sample restore operations complete successfully": a real restore through the restore engine, run in this process
    /// (as Start-AuroraRestore -Local does), from a small snapshot into the scratch cluster
    /// <c>&lt;ResourcePrefix&gt;-verify-&lt;id&gt;</c> with one instance; afterwards the cluster and its instances (and any
    /// snapshot copy) are removed, whatever the outcome. Database users are set up only when the configuration says so.
    /// The operation's state and audit records stay, completed, as the record of the verification.
    /// </summary>
    public sealed class SampleRestoreCheck
    {
        private readonly RestoreServices services;
        private readonly ICloudFormationClient cloudFormation;
        private readonly IRestoreSettingsSource settingsSource;
        private readonly IOperationLog log;

        public SampleRestoreCheck(RestoreServices services, ICloudFormationClient cloudFormation, IRestoreSettingsSource settingsSource, IOperationLog log)
        {
            this.services = services;
            this.cloudFormation = cloudFormation;
            this.settingsSource = settingsSource;
            this.log = log;
        }

        public async Task<PipelineCheck> RunAsync(VerificationTarget target, VerificationRequest request, string region, CancellationToken cancellationToken)
        {
            var env = target.Environment;
            const string Fix = "Run the same restore with Start-AuroraRestore -Local -Verbose to see the failing step; fix the configuration (source, snapshot_prefix, subnet group, security groups) or the permissions it names.";
            var configured = await settingsSource.LoadAsync(env, cancellationToken).ConfigureAwait(false);
            var source = await FindSourceAsync(configured, request.SnapshotIdentifier, region, cancellationToken).ConfigureAwait(false);
            if (source.Problem != null)
            {
                return PipelineCheck.Fail(CheckNames.SampleRestore, target, new[] { source.Problem }, Fix);
            }

            var engine = new RestoreEngine(services, env, settingsSource, token => PipelineDeploymentReader.ReadAsync(cloudFormation, env, token))
            {
                PollInterval = request.SampleRestorePollInterval,
            };
            var targetCluster = $"{env.ResourcePrefix}-verify-{target.VerificationId}";
            var restore = new RestoreRequest
            {
                SourceClusterIdentifier = source.Cluster,
                SnapshotIdentifier = source.Snapshot,
                TargetClusterIdentifier = targetCluster,
                InstanceCount = 1,
                Local = true,
                OperationId = $"verify-{target.VerificationId}-restore",
                RequestedBy = "Test-RestorePipeline",
            };
            restore.Tags["aurora-restore:verification"] = target.VerificationId;

            RestoreSettings settings;
            try
            {
                settings = await engine.ValidateAsync(restore, region, cancellationToken).ConfigureAwait(false);
            }
            catch (AuroraRestoreException ex)
            {
                return PipelineCheck.Fail(CheckNames.SampleRestore, target, new[] { $"the sample restore was refused before it started: {ex.ErrorId}: {ex.Message}" }, ex.RecommendedAction);
            }

            OperationRecord? record = null;
            string? cleanupProblem;
            try
            {
                log.Verbose($"Sample restore {restore.OperationId}: {source.Snapshot} of {source.Cluster} into {targetCluster}");
                record = await engine.StartAsync(restore, settings, cancellationToken).ConfigureAwait(false);
                record = await engine.DriveAsync(record.OperationId, request.SampleRestoreTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AuroraRestoreException ex) when (ex.ErrorId == "WaitTimeout")
            {
                log.Warning(ex.Message);
            }
            finally
            {
                cleanupProblem = await CleanUpAsync(engine, restore.OperationId, settings).ConfigureAwait(false);
            }

            var problems = new System.Collections.Generic.List<string>();
            if (record == null || record.Status != OperationStatus.Completed)
            {
                problems.Add(record == null
                    ? "the sample restore did not start"
                    : record.Status == OperationStatus.Failed
                        ? $"the sample restore {record.OperationId} failed at {record.FailedStep ?? record.Step}: {record.Error?.Message}"
                        : $"the sample restore {record.OperationId} did not finish within {request.SampleRestoreTimeout} (last step {record.Step}, {record.Status})");
            }

            if (cleanupProblem != null)
            {
                problems.Add(cleanupProblem);
            }

            return PipelineCheck.FromProblems(
                CheckNames.SampleRestore, target, problems,
                $"Restored {source.Snapshot} of {source.Cluster} into {targetCluster} ({record?.OperationId}, completed), then removed the scratch cluster.",
                Fix);
        }

        /// <summary>The given snapshot (its cluster is the source), or the newest available one of the configured source with the configured prefix.</summary>
        private async Task<(string? Cluster, string? Snapshot, string? Problem)> FindSourceAsync(RestoreSettings? configured, string? snapshotIdentifier, string region, CancellationToken cancellationToken)
        {
            var sourceRegion = string.IsNullOrEmpty(configured?.SourceRegion) ? region : configured!.SourceRegion;
            var rds = services.Rds(sourceRegion);
            if (snapshotIdentifier != null)
            {
                var snapshot = await rds.DescribeDbClusterSnapshotAsync(snapshotIdentifier, cancellationToken).ConfigureAwait(false);
                return snapshot == null
                    ? (null, null, $"snapshot {snapshotIdentifier} does not exist in {sourceRegion}")
                    : (snapshot.DbClusterIdentifier, snapshot.DbClusterSnapshotIdentifier, null);
            }

            if (configured == null || string.IsNullOrEmpty(configured.SourceClusterIdentifier))
            {
                return (null, null, "the environment has no configuration naming a source cluster; pass -SnapshotIdentifier");
            }

            var prefix = configured.EffectiveSnapshotPrefix;
            var snapshots = await rds.DescribeDbClusterSnapshotsAsync(configured.SourceClusterIdentifier, null, null, cancellationToken).ConfigureAwait(false);
            var newest = snapshots.Where(s => s.Status == "available" && s.DbClusterSnapshotIdentifier.StartsWith(prefix, StringComparison.Ordinal))
                .OrderByDescending(s => s.SnapshotCreateTime).FirstOrDefault();
            return newest == null
                ? (null, null, $"no available snapshot of {configured.SourceClusterIdentifier} starts with '{prefix}'; pass -SnapshotIdentifier")
                : (configured.SourceClusterIdentifier, newest.DbClusterSnapshotIdentifier, null);
        }

        /// <summary>Removes the scratch cluster, its instances and any copy (Stop-AuroraRestore -RemoveTarget), then looks again.</summary>
        private async Task<string?> CleanUpAsync(RestoreEngine engine, string operationId, RestoreSettings settings)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                var operations = await engine.StoreAsync(timeout.Token).ConfigureAwait(false);
                if (await operations.GetAsync(operationId, timeout.Token).ConfigureAwait(false) == null)
                {
                    return null;
                }

                await engine.StopAsync(operationId, "Test-RestorePipeline: sample restore cleanup", removeTarget: true, timeout.Token).ConfigureAwait(false);
                var left = await services.Rds(settings.TargetRegion).DescribeDbClusterAsync(settings.TargetClusterIdentifier, timeout.Token).ConfigureAwait(false);
                return left == null || left.Status == "deleting"
                    ? null
                    : $"the scratch cluster {settings.TargetClusterIdentifier} is still there ({left.Status}); delete it by hand";
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return $"the scratch cluster {settings.TargetClusterIdentifier} could not be removed ({ex.Message}); run Stop-AuroraRestore -OperationId {operationId} -RemoveTarget";
            }
        }
    }
}
