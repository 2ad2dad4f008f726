using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Notifications;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 8: publishes the outcome to the environment's topic in the deployed version's format (v1 for 1.0 and 2.0,
    /// v3 for 3.0): success after a verified restore, failure when the operation carries an error.
    /// </summary>
    public sealed class SnsNotificationStep : IRestoreStep
    {
        public string Name => StepNames.SnsNotification;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            if (record.DataString(OperationData.NotificationMessageId) != null)
            {
                return StepResult.Succeeded;
            }

            var topic = context.Deployment.TopicArn;
            if (topic == null)
            {
                context.Log.Warning($"Operation {record.OperationId}: the pipeline has no notification topic; nothing published.");
                return StepResult.Skipped;
            }

            var message = SnsMessages.Build(Content(context), context.Deployment.PipelineVersion);
            var id = await context.Services.RequireSns().PublishAsync(topic, message.Body, "Aurora restore " + record.OperationId, message.Attributes, cancellationToken).ConfigureAwait(false);
            record.Data[OperationData.NotificationMessageId] = id;
            return StepResult.Succeeded;
        }

        public static NotificationContent Content(StepContext context)
        {
            var record = context.Record;
            var settings = context.Settings;
            var failed = record.Error != null || record.Status == OperationStatus.Failed;
            var stopped = record.Status == OperationStatus.Stopped;
            var status = failed ? "failure" : stopped ? "stopped" : "success";
            var text = failed
                ? $"Restore operation failed at {record.FailedStep ?? record.Error?.Step ?? record.Step}: {record.Error?.Message}"
                : stopped ? "Restore operation was stopped" : "Restore operation completed successfully";
            var now = context.Services.Now;
            var content = new NotificationContent(record.OperationId, status, text, now)
            {
                PipelineVersion = context.Deployment.PipelineVersion,
                Environment = record.DataString(OperationData.Environment),
                SourceClusterIdentifier = settings.SourceClusterIdentifier,
                SourceSnapshotIdentifier = record.DataString(OperationData.SnapshotName),
                SourceRegion = settings.SourceRegion,
                TargetClusterIdentifier = settings.TargetClusterIdentifier,
                TargetRegion = settings.TargetRegion,
                TargetEndpoint = record.DataString(OperationData.ClusterEndpoint),
                TargetPort = record.DataInt(OperationData.ClusterPort),
                DurationSeconds = record.CreatedAt == default ? (double?)null : System.Math.Round((now - record.CreatedAt).TotalSeconds, 1),
                IncludeSteps = settings.NotificationDetail != "summary",
                ErrorType = record.Error?.Type,
                ErrorMessage = failed ? record.Error?.Message ?? "failed" : null,
                ErrorStep = record.Error?.Step ?? record.FailedStep,
            };
            content.Details["cluster_identifier"] = settings.TargetClusterIdentifier;
            content.Details["target_region"] = settings.TargetRegion;
            content.Details["source_cluster_identifier"] = settings.SourceClusterIdentifier;
            var snapshot = record.DataString(OperationData.SnapshotName);
            if (snapshot != null)
            {
                content.Details["snapshot_identifier"] = snapshot;
            }

            var time = record.DataString(OperationData.RestoreTime);
            if (time != null)
            {
                content.Details["restore_time"] = time;
            }

            var endpoint = record.DataString(OperationData.ClusterEndpoint);
            if (endpoint != null)
            {
                content.Details["cluster_endpoint"] = endpoint;
            }

            if (failed && record.Error != null)
            {
                content.Details["error"] = record.Error.Message;
            }

            foreach (var run in record.StepHistory.Where(r => r.Step != StepNames.SnsNotification))
            {
                content.Steps.Add((run.Step, run.Status, run.DurationMs));
            }

            return content;
        }
    }
}
