using System;
using System.Collections.Generic;

namespace AuroraRestore.Notifications
{
    /// <summary>What a notification says, before a format (v1 or v3) shapes it into an SNS message.</summary>
    public sealed class NotificationContent
    {
        public NotificationContent(string operationId, string status, string message, DateTimeOffset timestamp)
        {
            OperationId = operationId;
            Status = status;
            Message = message;
            Timestamp = timestamp;
        }

        public string OperationId { get; }

        /// <summary>success, failure, stopped, test.</summary>
        public string Status { get; }

        public string Message { get; }

        public DateTimeOffset Timestamp { get; }

        /// <summary>String values only (v1's rule).</summary>
        public IDictionary<string, string> Details { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public string? PipelineVersion { get; set; }

        public string? Environment { get; set; }

        public string? SourceClusterIdentifier { get; set; }

        public string? SourceSnapshotIdentifier { get; set; }

        public string? SourceRegion { get; set; }

        public string? TargetClusterIdentifier { get; set; }

        public string? TargetRegion { get; set; }

        public string? TargetEndpoint { get; set; }

        public int? TargetPort { get; set; }

        public double? DurationSeconds { get; set; }

        /// <summary>v3 <c>steps</c>: step, status, duration_ms. Left out when the configuration asks for a summary.</summary>
        public IList<(string Step, string Status, long? DurationMs)> Steps { get; } = new List<(string, string, long?)>();

        public bool IncludeSteps { get; set; } = true;

        public string? ErrorType { get; set; }

        public string? ErrorMessage { get; set; }

        public string? ErrorStep { get; set; }
    }
}
