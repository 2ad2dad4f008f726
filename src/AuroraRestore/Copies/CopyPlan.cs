using AuroraRestore.Versions;

namespace AuroraRestore.Copies
{
    /// <summary>What a checked copy will do: the version, the target's configuration, and the earlier copy it finishes.</summary>
    internal sealed class CopyPlan
    {
        public CopyPlan(PipelineVersionDefinition version, string? configuration, CopyRecord? unfinished, bool installed)
        {
            Version = version;
            Configuration = configuration;
            Unfinished = unfinished;
            Installed = installed;
        }

        public PipelineVersionDefinition Version { get; }

        /// <summary>The target's configuration document, or null when the source has none.</summary>
        public string? Configuration { get; }

        /// <summary>The unfinished copy this one finishes, or null for a new copy.</summary>
        public CopyRecord? Unfinished { get; }

        /// <summary>True when the unfinished copy's install had finished: only the configuration and the items remain.</summary>
        public bool Installed { get; }
    }
}
