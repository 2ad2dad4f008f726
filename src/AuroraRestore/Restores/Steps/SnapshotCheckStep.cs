using System;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 1: the source exists and what is restored is there: the given snapshot, the daily snapshot of a date
    /// (default yesterday), or a point in time inside the source's restorable window.
    /// </summary>
    public sealed class SnapshotCheckStep : IRestoreStep
    {
        public string Name => StepNames.SnapshotCheck;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            var settings = context.Settings;
            var source = await SnapshotResolver.RequireSourceClusterAsync(context.SourceRds, settings.SourceClusterIdentifier, cancellationToken).ConfigureAwait(false);
            if (OperationData.IsPointInTime(record))
            {
                var time = OperationData.RestoreTimeOf(record);
                if (time.HasValue)
                {
                    SnapshotResolver.RequireInsideWindow(source, time.Value);
                }

                record.Data[OperationData.TargetSnapshotName] = null;
                record.Data[OperationData.Copied] = false;
                context.Log.Verbose($"Point-in-time restore of {source.DbClusterIdentifier} to {(time.HasValue ? IsoTime.Format(time.Value) : "its latest restorable time")}");
                return StepResult.Succeeded;
            }

            var given = record.DataString(OperationData.SnapshotName);
            Aws.Rds.DbClusterSnapshot snapshot;
            if (given != null && record.DataString(OperationData.SnapshotArn) == null && record.DataString(OperationData.SnapshotDate) == null)
            {
                snapshot = await SnapshotResolver.RequireSnapshotAsync(context.SourceRds, settings.SourceClusterIdentifier, given, cancellationToken).ConfigureAwait(false);
            }
            else if (given != null && record.DataString(OperationData.SnapshotArn) != null)
            {
                // A retry after the snapshot was found: check the same snapshot again rather than searching anew.
                snapshot = await SnapshotResolver.RequireSnapshotAsync(context.SourceRds, settings.SourceClusterIdentifier, given, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var dateText = record.DataString(OperationData.SnapshotDate);
                var date = dateText != null
                    ? DateTime.ParseExact(dateText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                    : context.Services.Now.UtcDateTime.Date.AddDays(-1);
                record.Data[OperationData.SnapshotDate] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                snapshot = await SnapshotResolver.FindDailySnapshotAsync(context.SourceRds, settings.SourceClusterIdentifier, settings.EffectiveSnapshotPrefix, date, cancellationToken).ConfigureAwait(false);
            }

            record.Data[OperationData.SnapshotName] = snapshot.DbClusterSnapshotIdentifier;
            record.Data[OperationData.SnapshotArn] = snapshot.DbClusterSnapshotArn;
            record.Data[OperationData.SnapshotEncrypted] = snapshot.StorageEncrypted;
            var crossRegion = settings.SourceRegion != settings.TargetRegion;
            record.Data[OperationData.Copied] = crossRegion;
            record.Data[OperationData.TargetSnapshotName] = crossRegion ? RestoreIdentifiers.CopiedSnapshotName(record.OperationId) : snapshot.DbClusterSnapshotIdentifier;
            context.Log.Verbose($"Snapshot {snapshot.DbClusterSnapshotIdentifier} of {source.DbClusterIdentifier} is available in {settings.SourceRegion}");
            return StepResult.Succeeded;
        }
    }
}
