using System;
using System.Collections.Generic;

namespace AuroraRestore.Pipelines
{
    /// <summary>What Get-RestorePipeline reports about one environment.</summary>
    public sealed class PipelineInfo
    {
        public string Environment { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        /// <summary>The deployed version (main stack tag), or null when nothing is installed.</summary>
        public string? Version { get; set; }

        /// <summary>Installed, NotInstalled, Incomplete (something is missing or failed: see <see cref="Problems"/>).</summary>
        public string Status { get; set; } = string.Empty;

        public StackSummary? MainStack { get; set; }

        public StackSummary? IamStack { get; set; }

        public IReadOnlyList<TableSummary> Tables { get; set; } = Array.Empty<TableSummary>();

        public IReadOnlyList<FunctionSummary> Functions { get; set; } = Array.Empty<FunctionSummary>();

        public string? StateMachineArn { get; set; }

        public string? StateMachineStatus { get; set; }

        public string? TopicArn { get; set; }

        public IReadOnlyList<string> Alarms { get; set; } = Array.Empty<string>();

        /// <summary>The configuration document's format_version, or null when no configuration is stored.</summary>
        public int? ConfigurationFormat { get; set; }

        /// <summary>Operations with completed = false (the migration guide's drain check).</summary>
        public int InProgressOperations { get; set; }

        public IReadOnlyList<string> Problems { get; set; } = Array.Empty<string>();
    }

    public sealed class StackSummary
    {
        public string StackName { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string? Version { get; set; }

        public DateTimeOffset? CreationTime { get; set; }

        public override string ToString() => $"{StackName} ({Status}, {Version})";
    }

    public sealed class TableSummary
    {
        public string TableName { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        /// <summary>DynamoDB's item count (AWS refreshes it about every six hours).</summary>
        public long ItemCount { get; set; }

        public IReadOnlyList<string> Indexes { get; set; } = Array.Empty<string>();

        public override string ToString() => $"{TableName} ({ItemCount} items; indexes: {(Indexes.Count == 0 ? "none" : string.Join(", ", Indexes))})";
    }

    public sealed class FunctionSummary
    {
        public string FunctionName { get; set; } = string.Empty;

        /// <summary>The version the <c>live</c> alias points at, or null when the alias is missing.</summary>
        public string? LiveVersion { get; set; }

        public string? CodeSha256 { get; set; }

        public override string ToString() => $"{FunctionName} → {LiveVersion ?? "(no live alias)"}";
    }
}
