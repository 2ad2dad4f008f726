using System;
using System.Collections.Generic;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>CreateDBInstance's parameters for an instance of an Aurora cluster.</summary>
    public sealed class InstanceCreateRequest
    {
        public InstanceCreateRequest(string instanceIdentifier, string clusterIdentifier, string instanceClass, string engine)
        {
            InstanceIdentifier = instanceIdentifier;
            ClusterIdentifier = clusterIdentifier;
            InstanceClass = instanceClass;
            Engine = engine;
        }

        public string InstanceIdentifier { get; }

        public string ClusterIdentifier { get; }

        public string InstanceClass { get; }

        public string Engine { get; }

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
