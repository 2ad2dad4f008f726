using System;
using System.Text.Json.Nodes;

namespace AuroraRestore.State
{
    /// <summary>One audit table event independent of its format (v1, v2, v3: <see cref="AuditItemFormats"/>).</summary>
    public sealed class AuditEvent
    {
        public AuditEvent(string operationId, DateTimeOffset timestamp, string step, string status)
        {
            OperationId = operationId;
            Timestamp = timestamp;
            Step = step;
            Status = status;
        }

        public string OperationId { get; }

        public DateTimeOffset Timestamp { get; }

        /// <summary>The sort key as stored, with its <c>#n</c> suffix when events shared a millisecond.</summary>
        public string? SortKey { get; set; }

        /// <summary>A step name, or <see cref="StepNames.Operation"/>.</summary>
        public string Step { get; }

        /// <summary>started, succeeded, failed, retrying, skipped, stopped.</summary>
        public string Status { get; }

        public JsonObject Details { get; set; } = new JsonObject();

        /// <summary>v2+: step_started, operation_created, ...; derived from step and status when not set.</summary>
        public string? EventType { get; set; }

        /// <summary>v2+: a function name, <c>module</c> (local host) or the caller's ARN.</summary>
        public string Actor { get; set; } = "module";

        public OperationError? Error { get; set; }

        public string? PipelineVersion { get; set; }

        public long? DurationMs { get; set; }

        public int FormatVersion { get; set; }

        public string ResolvedEventType => EventType ?? DeriveEventType(Step, Status);

        public static string DeriveEventType(string step, string status)
        {
            if (step == StepNames.Operation)
            {
                return status switch
                {
                    "started" => "operation_created",
                    "succeeded" => "operation_completed",
                    _ => "operation_" + status,
                };
            }

            return "step_" + status;
        }
    }
}
