using System;
using System.Collections.Generic;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>An Aurora cluster as DescribeDBClusters reports it (the fields the restore steps read).</summary>
    public sealed class DbCluster
    {
        public string DbClusterIdentifier { get; set; } = string.Empty;

        public string DbClusterArn { get; set; } = string.Empty;

        /// <summary>creating, available, deleting, backing-up, ...</summary>
        public string Status { get; set; } = string.Empty;

        public string Engine { get; set; } = string.Empty;

        public string? EngineVersion { get; set; }

        public string? Endpoint { get; set; }

        public int? Port { get; set; }

        public string? MasterUsername { get; set; }

        public string? DbSubnetGroup { get; set; }

        public bool StorageEncrypted { get; set; }

        public string? KmsKeyId { get; set; }

        public bool DeletionProtection { get; set; }

        public bool IamDatabaseAuthenticationEnabled { get; set; }

        public DateTimeOffset? EarliestRestorableTime { get; set; }

        public DateTimeOffset? LatestRestorableTime { get; set; }

        public IList<string> MemberInstanceIdentifiers { get; } = new List<string>();

        public IList<string> VpcSecurityGroupIds { get; } = new List<string>();

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
