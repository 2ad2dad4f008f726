using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 7: archives the snapshot copied into the target region, as the real pipeline does: the copy is deleted once
    /// the restore is verified (the source region keeps the original). Nothing is archived when nothing was copied.
    /// </summary>
    public sealed class ArchiveSnapshotStep : IRestoreStep
    {
        public string Name => StepNames.ArchiveSnapshot;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            if (!record.DataBool(OperationData.Copied))
            {
                record.Data[OperationData.ArchiveStatus] = "skipped";
                return StepResult.Skipped;
            }

            var name = record.DataString(OperationData.TargetSnapshotName)!;
            var copy = await context.TargetRds.DescribeDbClusterSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            if (copy != null && copy.Status != "deleting")
            {
                await context.TargetRds.DeleteDbClusterSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            }

            record.Data[OperationData.ArchiveStatus] = "deleted";
            return StepResult.Succeeded;
        }
    }
}
