using System;
using System.Collections.Generic;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>
    /// The parameters of RestoreDBClusterFromSnapshot and RestoreDBClusterToPointInTime: the new cluster's settings,
    /// and where it comes from (a snapshot, or a source cluster and a time).
    /// </summary>
    public sealed class ClusterRestoreRequest
    {
        public ClusterRestoreRequest(string clusterIdentifier, string engine)
        {
            ClusterIdentifier = clusterIdentifier;
            Engine = engine;
        }

        public string ClusterIdentifier { get; }

        public string Engine { get; }

        /// <summary>From a snapshot: its id (same region) or ARN.</summary>
        public string? SnapshotIdentifier { get; set; }

        /// <summary>To a point in time: the cluster restored.</summary>
        public string? SourceClusterIdentifier { get; set; }

        /// <summary>To a point in time: the time, or null for the latest restorable time.</summary>
        public DateTimeOffset? RestoreTime { get; set; }

        public string? EngineVersion { get; set; }

        public int? Port { get; set; }

        public string? DbSubnetGroupName { get; set; }

        public IList<string> VpcSecurityGroupIds { get; } = new List<string>();

        public string? KmsKeyId { get; set; }

        public bool? EnableIamDatabaseAuthentication { get; set; }

        public bool? DeletionProtection { get; set; }

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
