using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Rds;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>Step 2: copies the snapshot to the target region when the regions differ (with the KMS key for encrypted ones).</summary>
    public sealed class CopySnapshotStep : IRestoreStep
    {
        public string Name => StepNames.CopySnapshot;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            if (!record.DataBool(OperationData.Copied))
            {
                record.Data[OperationData.CopyDone] = true;
                return StepResult.Skipped;
            }

            var target = record.DataString(OperationData.TargetSnapshotName)!;
            var existing = await context.TargetRds.DescribeDbClusterSnapshotAsync(target, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                // A retried step: the copy was started before the crash.
                context.Log.Verbose($"Copy {target} already exists in {context.Settings.TargetRegion} ({existing.Status})");
                record.Data[OperationData.CopyDone] = existing.Status == "available";
                return StepResult.Succeeded;
            }

            var request = new CopyClusterSnapshotRequest(record.DataString(OperationData.SnapshotArn)!, target)
            {
                SourceRegion = context.Settings.SourceRegion,
                KmsKeyId = record.DataBool(OperationData.SnapshotEncrypted) ? context.Settings.KmsKeyId : null,
            };
            foreach (var tag in RestoreTags.For(context))
            {
                request.Tags[tag.Key] = tag.Value;
            }

            var copy = await context.TargetRds.CopyDbClusterSnapshotAsync(request, cancellationToken).ConfigureAwait(false);
            record.Data[OperationData.CopyDone] = copy.Status == "available";
            return StepResult.Succeeded;
        }
    }
}
