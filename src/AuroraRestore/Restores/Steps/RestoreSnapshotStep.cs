using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 4: restores the target cluster from the snapshot (or the source to a point in time) with the configured
    /// network, port, IAM authentication, encryption, deletion protection and tags. A cluster this operation already
    /// created (found by its operation-id tag) is reused, so a retried step never creates a second cluster.
    /// </summary>
    public sealed class RestoreSnapshotStep : IRestoreStep
    {
        public string Name => StepNames.RestoreSnapshot;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            var settings = context.Settings;
            var existing = await context.TargetRds.DescribeDbClusterAsync(context.TargetCluster, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                if (RestoreTags.BelongsTo(existing, record.OperationId))
                {
                    context.Log.Verbose($"Cluster {context.TargetCluster} was already restored by {record.OperationId}: reusing it");
                    record.Data[OperationData.ClusterArn] = existing.DbClusterArn;
                    return StepResult.Succeeded;
                }

                throw new AuroraRestoreException(
                    "TargetClusterExists", FailureCategory.ResourceExists, context.TargetCluster,
                    $"The target cluster '{context.TargetCluster}' exists in {settings.TargetRegion} and was not created by this operation.",
                    "Start the restore with -ReplaceTarget to replace it, or choose another -TargetClusterIdentifier.");
            }

            var request = new ClusterRestoreRequest(context.TargetCluster, settings.Engine)
            {
                Port = settings.Port,
                DbSubnetGroupName = settings.DbSubnetGroupName,
                EnableIamDatabaseAuthentication = settings.IamDatabaseAuthentication,
                DeletionProtection = settings.DeletionProtection,
                KmsKeyId = settings.StorageEncrypted ? settings.KmsKeyId : null,
            };
            foreach (var group in settings.VpcSecurityGroupIds)
            {
                request.VpcSecurityGroupIds.Add(group);
            }

            foreach (var tag in RestoreTags.For(context))
            {
                request.Tags[tag.Key] = tag.Value;
            }

            DbCluster cluster;
            if (OperationData.IsPointInTime(record))
            {
                request.SourceClusterIdentifier = settings.SourceClusterIdentifier;
                request.RestoreTime = OperationData.RestoreTimeOf(record);
                cluster = await context.TargetRds.RestoreDbClusterToPointInTimeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                request.SnapshotIdentifier = record.DataString(OperationData.TargetSnapshotName);
                cluster = await context.TargetRds.RestoreDbClusterFromSnapshotAsync(request, cancellationToken).ConfigureAwait(false);
            }

            record.Data[OperationData.ClusterArn] = cluster.DbClusterArn;
            record.Data[OperationData.RestoreDone] = false;
            return StepResult.Succeeded;
        }
    }
}
