using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;
using AuroraRestore.Restores.Steps;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// Runs one step the same way for every host (the local runner, a Lambda function): records it as started before it
    /// runs (so a crash leaves a trace and the re-run counts as a retry), saves what it recorded, writes the audit events
    /// and, on pipeline 3.0, the step's CloudWatch metrics.
    /// </summary>
    public sealed class RestoreStepExecutor
    {
        private const string Waiting = "waiting";

        // Set before a step runs and cleared when it ends, in every format (v1 and v2 keep no step history): a step
        // found still "running" by the next host was interrupted, and its re-run is a retry.
        private const string RunningStep = "running_step";
        private readonly OperationStore store;

        public RestoreStepExecutor(OperationStore store)
        {
            this.store = store;
        }

        public async Task<StepResult> RunAsync(StepContext context, IRestoreStep step, CancellationToken cancellationToken)
        {
            var record = context.Record;
            var services = context.Services;
            var now = services.Now;
            var finalBefore = OperationStatus.IsFinal(record.Status);
            var last = record.StepHistory.LastOrDefault();
            var continuing = record.DataString(RunningStep) == step.Name;
            StepRun run;
            if (continuing)
            {
                run = last != null && last.Step == step.Name && last.EndedAt == null ? last : AddRun(record, step.Name, now);
                run.Attempts++;
                if (!record.DataBool(Waiting))
                {
                    // The step started before and never ended: its host crashed or was stopped. This run is a retry.
                    record.RetryCount++;
                    await AuditAsync(context, step.Name, "retrying", null, null, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                run = AddRun(record, step.Name, now);
                run.Attempts = 1;
                await AuditAsync(context, step.Name, "started", null, null, cancellationToken).ConfigureAwait(false);
            }

            record.Step = step.Name;
            record.Data[RunningStep] = step.Name;
            if (!finalBefore)
            {
                record.Status = OperationStatus.InProgress;
            }

            record.UpdatedAt = now;
            await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);

            StepResult result;
            try
            {
                result = await step.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is AuroraRestoreException stopped && stopped.ErrorId == "OperationStopped"))
            {
                var error = ToOperationError(ex, step.Name);
                var ended = services.Now;
                run.Status = "failed";
                run.EndedAt = ended;
                record.Data.Remove(Waiting);
                record.Data.Remove(RunningStep);
                if (!finalBefore)
                {
                    record.Status = OperationStatus.Failed;
                    record.Completed = true;
                    record.Error = error;
                    record.FailedStep = step.Name;
                    record.DurationMs = (long)(ended - record.CreatedAt).TotalMilliseconds;
                }

                record.UpdatedAt = ended;
                await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
                await AuditAsync(context, step.Name, "failed", error, run.DurationMs, cancellationToken).ConfigureAwait(false);
                await PutMetricsAsync(context, step.Name, run.DurationMs ?? 0, false, cancellationToken).ConfigureAwait(false);
                throw;
            }

            now = services.Now;
            record.UpdatedAt = now;
            if (result == StepResult.Waiting)
            {
                record.Data[Waiting] = true;
                await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
                return result;
            }

            record.Data.Remove(Waiting);
            record.Data.Remove(RunningStep);
            run.Status = result == StepResult.Skipped ? "skipped" : "succeeded";
            run.EndedAt = now;
            record.Data[OperationData.LastStep] = step.Name;
            if (step.Name == StepNames.SnsNotification && !finalBefore)
            {
                record.Status = OperationStatus.Completed;
                record.Completed = true;
                record.DurationMs = (long)(now - record.CreatedAt).TotalMilliseconds;
            }

            await store.SaveAsync(record, cancellationToken, overrideStop: finalBefore).ConfigureAwait(false);
            await AuditAsync(context, step.Name, run.Status, null, run.DurationMs, cancellationToken).ConfigureAwait(false);
            await PutMetricsAsync(context, step.Name, run.DurationMs ?? 0, true, cancellationToken).ConfigureAwait(false);
            if (record.Status == OperationStatus.Completed && !finalBefore)
            {
                await AuditAsync(context, StepNames.Operation, "succeeded", null, record.DurationMs, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }

        private static StepRun AddRun(OperationRecord record, string step, DateTimeOffset now)
        {
            var run = new StepRun(step, "started", now, null, 0);
            record.StepHistory.Add(run);
            return run;
        }

        public static OperationError ToOperationError(Exception ex, string step) => ex switch
        {
            AuroraRestoreException known => new OperationError(known.ErrorId, known.Message, step, known.Category == FailureCategory.ConnectionError || known.Category == FailureCategory.ResourceBusy),
            AwsServiceException aws => new OperationError("Aws" + aws.ErrorCode, aws.Message, step, AwsRetryPolicy.IsRetryable(aws.StatusCode, aws.ErrorCode)),
            Amazon.Runtime.AmazonServiceException sdk => new OperationError("Aws" + (sdk.ErrorCode ?? "Error"), sdk.Message, step, AwsRetryPolicy.IsRetryable(sdk.StatusCode, sdk.ErrorCode)),
            _ => new OperationError(ex.GetType().Name, ex.Message, step, false),
        };

        private async Task AuditAsync(StepContext context, string step, string status, OperationError? error, long? durationMs, CancellationToken cancellationToken)
        {
            var auditEvent = new AuditEvent(context.OperationId, context.Services.Now, step, status)
            {
                Actor = context.Actor,
                Error = error,
                DurationMs = durationMs,
            };
            auditEvent.Details["target_cluster_id"] = context.TargetCluster;
            if (step != StepNames.Operation && context.Record.Data[OperationData.TargetSnapshotName] is System.Text.Json.Nodes.JsonValue snapshot)
            {
                auditEvent.Details[OperationData.TargetSnapshotName] = snapshot.GetValue<string>();
            }

            await store.AppendAuditAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }

        private static async Task PutMetricsAsync(StepContext context, string step, long durationMs, bool success, CancellationToken cancellationToken)
        {
            if (!FormatVersions.PutsMetrics(context.Deployment.PipelineVersion) || !context.Settings.MetricsEnabled)
            {
                return;
            }

            var environment = context.Record.DataString(OperationData.Environment) ?? "unknown";
            MetricDatum Datum(string name, double value, string unit)
            {
                var datum = new MetricDatum { MetricName = name, Value = value, Unit = unit, Timestamp = context.Services.Now };
                datum.Dimensions["Step"] = step;
                datum.Dimensions["Environment"] = environment;
                return datum;
            }

            await context.Services.RequireCloudWatch().PutMetricDataAsync(
                context.Settings.MetricsNamespace,
                new[] { Datum("StepDuration", durationMs, "Milliseconds"), Datum(success ? "StepSuccess" : "StepFailure", 1, "Count") },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
