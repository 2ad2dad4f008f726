using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>Step 2b: sets <c>copy_done</c> once the copy is available; the state machine (or the local runner) polls it.</summary>
    public sealed class CheckCopyStatusStep : IRestoreStep
    {
        public string Name => StepNames.CheckCopyStatus;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            if (!record.DataBool(OperationData.Copied))
            {
                record.Data[OperationData.CopyDone] = true;
                return StepResult.Skipped;
            }

            var name = record.DataString(OperationData.TargetSnapshotName)!;
            var copy = await context.TargetRds.DescribeDbClusterSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            if (copy == null || copy.Status == "failed" || copy.Status == "deleting")
            {
                throw new AuroraRestoreException(
                    "SnapshotCopyFailed", FailureCategory.InvalidResult, name,
                    $"The copy {name} in {context.Settings.TargetRegion} is {(copy == null ? "missing" : copy.Status)}.",
                    "Check the KMS key and the snapshot, then start the restore again.");
            }

            var done = copy.Status == "available";
            record.Data[OperationData.CopyDone] = done;
            return done ? StepResult.Succeeded : StepResult.Waiting;
        }
    }
}
