namespace AuroraRestore.Versions
{
    /// <summary>
    /// A global secondary index a pipeline version expects on one of its tables. Templates never declare indexes
    /// (a stack update must never modify a table); the module's schema step adds and removes them with update-table.
    /// </summary>
    public sealed class IndexDefinition
    {
        public const string ProjectAll = "ALL";

        public IndexDefinition(string name, KeyAttribute hashKey, KeyAttribute? rangeKey, string projectionType = ProjectAll)
        {
            Name = name;
            HashKey = hashKey;
            RangeKey = rangeKey;
            ProjectionType = projectionType;
        }

        public string Name { get; }

        public KeyAttribute HashKey { get; }

        public KeyAttribute? RangeKey { get; }

        /// <summary>ALL or KEYS_ONLY (INCLUDE would need a list of attributes no version uses).</summary>
        public string ProjectionType { get; }

        public static bool IsValidProjectionType(string? type) => type == ProjectAll || type == "KEYS_ONLY";

        public override string ToString() => RangeKey == null ? $"{Name} ({HashKey})" : $"{Name} ({HashKey}, {RangeKey})";
    }
}
