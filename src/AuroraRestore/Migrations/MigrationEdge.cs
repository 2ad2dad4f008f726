using System;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// One edge between adjacent pipeline versions: the item transform pair of the state table, that of the audit table
    /// and, where the configuration document's format changes, its conversion. Declared once in
    /// <see cref="MigrationCatalog"/>; adding a version means adding one edge.
    /// </summary>
    public sealed class MigrationEdge
    {
        public MigrationEdge(int fromVersion, int toVersion, ItemEdge state, ItemEdge audit, ConfigurationEdge? configuration)
        {
            if (toVersion != fromVersion + 1)
            {
                throw new ArgumentException("An edge joins adjacent major versions.", nameof(toVersion));
            }

            FromVersion = fromVersion;
            ToVersion = toVersion;
            State = state;
            Audit = audit;
            Configuration = configuration;
        }

        /// <summary>The older pipeline major version (1 for 1.0.x).</summary>
        public int FromVersion { get; }

        /// <summary>The newer pipeline major version.</summary>
        public int ToVersion { get; }

        public ItemEdge State { get; }

        public ItemEdge Audit { get; }

        /// <summary>Null when both versions use the same configuration format.</summary>
        public ConfigurationEdge? Configuration { get; }

        public ItemEdge For(MigrationTable table) => table switch
        {
            MigrationTable.State => State,
            MigrationTable.Audit => Audit,
            _ => throw new ArgumentOutOfRangeException(nameof(table), "An item edge belongs to one table."),
        };

        public override string ToString() => $"{FromVersion}.0 -> {ToVersion}.0";
    }
}
