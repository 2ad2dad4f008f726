using System.Collections.Generic;
using System.Text.Json.Nodes;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Copies
{
    /// <summary>What Copy-RestorePipeline was asked: the seed's clone_environment.sh, checked before anything changes.</summary>
    public sealed class CopyRequest
    {
        public CopyRequest(PipelineEnvironment source, PipelineEnvironment target)
        {
            Source = source;
            Target = target;
        }

        public PipelineEnvironment Source { get; }

        public PipelineEnvironment Target { get; }

        /// <summary>Configuration keys whose value differs in the target (e.g. target_cluster_id), as JSON values.</summary>
        public IDictionary<string, JsonNode?> ConfigurationOverrides { get; } = new SortedDictionary<string, JsonNode?>(System.StringComparer.Ordinal);

        /// <summary>Copy the state and audit items too.</summary>
        public bool IncludeState { get; set; }

        /// <summary>With <see cref="IncludeState"/>: replace identifiers with stable pseudonyms (StateAnonymizer).</summary>
        public bool Anonymize { get; set; }

        /// <summary>The Lambda package of the source's version (the module ships one per version); set by the cmdlet once the version is known.</summary>
        public string? LambdaPackagePath { get; set; }
    }
}
