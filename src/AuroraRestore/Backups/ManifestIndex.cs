using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Backups
{
    /// <summary>One global secondary index of a backed-up table.</summary>
    public sealed class ManifestIndex
    {
        public ManifestIndex(string indexName, IReadOnlyList<ManifestKeyElement> keySchema, string projectionType)
        {
            IndexName = indexName;
            KeySchema = keySchema;
            ProjectionType = projectionType;
        }

        public string IndexName { get; }

        public IReadOnlyList<ManifestKeyElement> KeySchema { get; }

        /// <summary>ALL, KEYS_ONLY or INCLUDE.</summary>
        public string ProjectionType { get; }

        /// <summary>"StatusIndex (status S HASH, updated_at S RANGE; ALL)".</summary>
        public override string ToString() => $"{IndexName} ({string.Join(", ", KeySchema.Select(k => k.ToString()))}; {ProjectionType})";
    }
}
