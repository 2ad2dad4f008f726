using System;
using System.Collections.Generic;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>A DB instance as DescribeDBInstances reports it.</summary>
    public sealed class DbInstance
    {
        public string DbInstanceIdentifier { get; set; } = string.Empty;

        public string DbInstanceArn { get; set; } = string.Empty;

        public string? DbClusterIdentifier { get; set; }

        public string DbInstanceClass { get; set; } = string.Empty;

        /// <summary>creating, available, deleting, ...</summary>
        public string DbInstanceStatus { get; set; } = string.Empty;

        public string Engine { get; set; } = string.Empty;

        public string? EndpointAddress { get; set; }

        public int? EndpointPort { get; set; }

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
