using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 3b: once the old instances are gone, deletes the old cluster (with its final snapshot when asked), and sets
    /// <c>delete_done</c> when the cluster is gone. RDS refuses to delete a cluster that still has live instances.
    /// </summary>
    public sealed class CheckDeleteStatusStep : IRestoreStep
    {
        public string Name => StepNames.CheckDeleteStatus;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            if (!record.DataBool(OperationData.ReplaceTarget))
            {
                record.Data[OperationData.DeleteDone] = true;
                return StepResult.Skipped;
            }

            var cluster = await context.TargetRds.DescribeDbClusterAsync(context.TargetCluster, cancellationToken).ConfigureAwait(false);
            if (cluster == null || RestoreTags.BelongsTo(cluster, record.OperationId))
            {
                record.Data[OperationData.DeleteDone] = true;
                return StepResult.Succeeded;
            }

            var instances = await context.TargetRds.DescribeDbInstancesAsync(null, context.TargetCluster, cancellationToken).ConfigureAwait(false);
            foreach (var instance in instances.Where(i => i.DbInstanceStatus != "deleting"))
            {
                await context.TargetRds.DeleteDbInstanceAsync(instance.DbInstanceIdentifier, cancellationToken).ConfigureAwait(false);
            }

            if (instances.Count == 0 && cluster.Status != "deleting")
            {
                string? finalSnapshot = null;
                if (record.DataBool(OperationData.FinalSnapshot))
                {
                    finalSnapshot = RestoreIdentifiers.FinalSnapshotName(context.TargetCluster, record.OperationId);
                    record.Data[OperationData.FinalSnapshotName] = finalSnapshot;
                }

                await context.TargetRds.DeleteDbClusterAsync(context.TargetCluster, finalSnapshot, cancellationToken).ConfigureAwait(false);
                cluster = await context.TargetRds.DescribeDbClusterAsync(context.TargetCluster, cancellationToken).ConfigureAwait(false);
            }

            var done = cluster == null;
            record.Data[OperationData.DeleteDone] = done;
            return done ? StepResult.Succeeded : StepResult.Waiting;
        }
    }
}
