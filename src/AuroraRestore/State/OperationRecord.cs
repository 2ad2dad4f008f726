using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>
    /// A restore operation independent of the format it is stored in: the per-format writers and readers
    /// (<see cref="StateItemFormats"/>) map it to and from state table items v1, v2 and v3.
    /// </summary>
    public sealed class OperationRecord
    {
        public OperationRecord(string operationId)
        {
            OperationId = operationId;
        }

        public string OperationId { get; }

        /// <summary>One of <see cref="OperationStatus"/>.</summary>
        public string Status { get; set; } = OperationStatus.Pending;

        public bool Completed { get; set; }

        /// <summary>Current or last step (<see cref="StepNames"/>).</summary>
        public string? Step { get; set; }

        /// <summary>The step data of the <c>state</c> map (every key but <c>step</c>): what the steps record and read.</summary>
        public JsonObject Data { get; set; } = new JsonObject();

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public string RequestedBy { get; set; } = "unknown";

        public int RetryCount { get; set; }

        public OperationError? Error { get; set; }

        public string? FailedStep { get; set; }

        /// <summary>The pipeline version that last wrote the item (v3), or null when the format does not say.</summary>
        public string? PipelineVersion { get; set; }

        public List<StepRun> StepHistory { get; } = new List<StepRun>();

        public long? DurationMs { get; set; }

        /// <summary>The format the record was read from (1, 2 or 3); 0 for a record not read from a table.</summary>
        public int FormatVersion { get; set; }

        /// <summary>The reserved <c>_ar_down</c> attribute, carried through unchanged: only migrations write it.</summary>
        public Dictionary<string, AttributeValue>? ReservedDown { get; set; }

        public string? DataString(string key) => Data[key] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

        public bool DataBool(string key) => Data[key] is JsonValue value && value.TryGetValue<bool>(out var b) && b;

        public int? DataInt(string key) => Data[key] is JsonValue value && value.TryGetValue<double>(out var d) ? (int)d : (int?)null;

        public OperationRecord Clone()
        {
            var copy = new OperationRecord(OperationId)
            {
                Status = Status,
                Completed = Completed,
                Step = Step,
                Data = (JsonObject)Data.DeepClone(),
                CreatedAt = CreatedAt,
                UpdatedAt = UpdatedAt,
                RequestedBy = RequestedBy,
                RetryCount = RetryCount,
                Error = Error,
                FailedStep = FailedStep,
                PipelineVersion = PipelineVersion,
                DurationMs = DurationMs,
                FormatVersion = FormatVersion,
                ReservedDown = ReservedDown,
            };
            foreach (var run in StepHistory)
            {
                copy.StepHistory.Add(new StepRun(run.Step, run.Status, run.StartedAt, run.EndedAt, run.Attempts));
            }

            return copy;
        }
    }
}
