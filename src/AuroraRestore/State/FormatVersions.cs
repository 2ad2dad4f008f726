using System.Linq;
using AuroraRestore.Versions;

namespace AuroraRestore.State
{
    /// <summary>
    /// Which record formats a pipeline version writes, as its catalog entry declares them (Versions/&lt;x.y.z&gt;/version.json),
    /// so that a new version needs no code here. Unknown versions fail with UnknownPipelineVersion.
    /// </summary>
    public static class FormatVersions
    {
        public static int StateFormatFor(string pipelineVersion) => Definition(pipelineVersion).StateFormat;

        public static int AuditFormatFor(string pipelineVersion) => Definition(pipelineVersion).AuditFormat;

        public static int SnsFormatFor(string pipelineVersion) => Definition(pipelineVersion).SnsFormat;

        /// <summary>Step metrics come with the configuration keys that govern them (metrics_enabled, metrics_namespace: format 2).</summary>
        public static bool PutsMetrics(string pipelineVersion) => Definition(pipelineVersion).ConfigFormat >= 2;

        /// <summary>Whether the version's state table has the StatusIndex (status, updated_at) that -InProgress queries.</summary>
        public static bool HasStatusIndex(string pipelineVersion) => Definition(pipelineVersion).StateTable.Indexes.Any(i => i.Name == StatusIndexName);

        public const string StatusIndexName = "StatusIndex";

        /// <summary>
        /// The catalog entry of a version or of its family: a deployed patch release (2.0.3) writes its family's (2.0.x) formats.
        /// Throws UnknownPipelineVersion for a family the catalog does not know.
        /// </summary>
        public static PipelineVersionDefinition Definition(string pipelineVersion)
        {
            var catalog = PipelineVersionCatalog.Default;
            if (catalog.TryGet(pipelineVersion, out var exact))
            {
                return exact;
            }

            var lastDot = pipelineVersion.LastIndexOf('.');
            return lastDot > 0 && catalog.TryGet(pipelineVersion.Substring(0, lastDot), out var family) ? family : catalog.Get(pipelineVersion);
        }
    }
}
