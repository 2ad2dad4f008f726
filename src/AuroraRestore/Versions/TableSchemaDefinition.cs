using System.Collections.Generic;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// What one pipeline version expects of one table: the key schema (identical in every version: the templates
    /// create it and never change it) and the global secondary indexes (which differ per version; schema.json).
    /// </summary>
    public sealed class TableSchemaDefinition
    {
        public TableSchemaDefinition(KeyAttribute hashKey, KeyAttribute? rangeKey, IReadOnlyList<IndexDefinition> indexes)
        {
            HashKey = hashKey;
            RangeKey = rangeKey;
            Indexes = indexes;
        }

        public KeyAttribute HashKey { get; }

        public KeyAttribute? RangeKey { get; }

        public IReadOnlyList<IndexDefinition> Indexes { get; }
    }
}
