using System;
using System.Collections.Generic;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>A cluster snapshot as DescribeDBClusterSnapshots reports it.</summary>
    public sealed class DbClusterSnapshot
    {
        public string DbClusterSnapshotIdentifier { get; set; } = string.Empty;

        public string DbClusterSnapshotArn { get; set; } = string.Empty;

        public string DbClusterIdentifier { get; set; } = string.Empty;

        /// <summary>creating, available, copying, deleting, ...</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>automated, manual, shared, public.</summary>
        public string? SnapshotType { get; set; }

        public string Engine { get; set; } = string.Empty;

        public string? EngineVersion { get; set; }

        public DateTimeOffset? SnapshotCreateTime { get; set; }

        public bool StorageEncrypted { get; set; }

        public string? KmsKeyId { get; set; }

        public int? PercentProgress { get; set; }

        public int? Port { get; set; }

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
