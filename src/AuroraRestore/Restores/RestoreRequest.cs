using System;
using System.Collections.Generic;

namespace AuroraRestore.Restores
{
    /// <summary>What Start-AuroraRestore was asked: every value here overrides the configuration when it is set.</summary>
    public sealed class RestoreRequest
    {
        public string? SourceClusterIdentifier { get; set; }

        /// <summary>Restore this snapshot (id or ARN) instead of finding the daily one.</summary>
        public string? SnapshotIdentifier { get; set; }

        /// <summary>The day whose snapshot is restored (default: yesterday, UTC).</summary>
        public DateTime? Date { get; set; }

        /// <summary>Restore the source cluster to this time instead of from a snapshot.</summary>
        public DateTimeOffset? RestoreTime { get; set; }

        public bool UseLatestRestorableTime { get; set; }

        public string? SourceRegion { get; set; }

        public string? TargetRegion { get; set; }

        public string? TargetClusterIdentifier { get; set; }

        public bool ReplaceTarget { get; set; }

        /// <summary>With <see cref="ReplaceTarget"/>: take a final snapshot of the replaced cluster first.</summary>
        public bool FinalSnapshot { get; set; }

        public string? DbInstanceClass { get; set; }

        public int? InstanceCount { get; set; }

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Run the steps in this process instead of starting the state machine.</summary>
        public bool Local { get; set; }

        /// <summary>An id chosen by the caller (1-64 of [A-Za-z0-9-_]); a new op-xxxxxxxxxxxx when null.</summary>
        public string? OperationId { get; set; }

        public string RequestedBy { get; set; } = "unknown";

        public string? DatabaseEndpointOverride { get; set; }
    }
}
