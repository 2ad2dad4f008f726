using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>Step 3: with replace_target, deletes the existing target cluster's instances (the cluster follows in check-delete-status).</summary>
    public sealed class DeleteRdsStep : IRestoreStep
    {
        public string Name => StepNames.DeleteRds;

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
                // Nothing to replace, or the cluster is already this operation's own restore: never delete that.
                record.Data[OperationData.DeleteDone] = true;
                return StepResult.Succeeded;
            }

            var instances = await context.TargetRds.DescribeDbInstancesAsync(null, context.TargetCluster, cancellationToken).ConfigureAwait(false);
            foreach (var instance in instances.Where(i => i.DbInstanceStatus != "deleting"))
            {
                await context.TargetRds.DeleteDbInstanceAsync(instance.DbInstanceIdentifier, cancellationToken).ConfigureAwait(false);
            }

            record.Data[OperationData.DeleteDone] = false;
            return StepResult.Succeeded;
        }
    }
}
