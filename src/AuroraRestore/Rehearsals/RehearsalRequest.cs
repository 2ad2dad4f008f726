using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Rehearsals
{
    /// <summary>What Invoke-RestoreUpgradeRehearsal was asked: the migration guide's "Testing Upgrades" on a scratch copy.</summary>
    public sealed class RehearsalRequest
    {
        /// <summary>The scratch environment's name unless another is given.</summary>
        public const string DefaultScratchName = "rehearsal";

        public RehearsalRequest(PipelineEnvironment source, PipelineEnvironment scratch, string targetVersion, Func<string, string> lambdaPackageFor)
        {
            Source = source;
            Scratch = scratch;
            TargetVersion = targetVersion;
            LambdaPackageFor = lambdaPackageFor;
        }

        /// <summary>The environment rehearsed (production); only read.</summary>
        public PipelineEnvironment Source { get; }

        /// <summary>The environment the copy goes to; it must have no pipeline, and is removed at the end.</summary>
        public PipelineEnvironment Scratch { get; }

        /// <summary>The version to upgrade to (exact or family spelling).</summary>
        public string TargetVersion { get; }

        /// <summary>The Lambda package (zip path) of a version: the source's for the copy, then each hop's.</summary>
        public Func<string, string> LambdaPackageFor { get; }

        /// <summary>Configuration keys that differ in the scratch copy; target_cluster_id defaults to &lt;scratch&gt;-restored.</summary>
        public IDictionary<string, JsonNode?> ConfigurationOverrides { get; } = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);

        /// <summary>Anonymise the copied state (Copy-RestorePipeline -Anonymize).</summary>
        public bool Anonymize { get; set; }

        /// <summary>Run a test restore into a scratch cluster after the upgrade (Test-RestorePipeline -SampleRestore).</summary>
        public bool TestRestore { get; set; } = true;

        /// <summary>The snapshot of the test restore; default: the newest of the configured source and prefix.</summary>
        public string? SnapshotIdentifier { get; set; }

        public TimeSpan TestRestoreTimeout { get; set; } = TimeSpan.FromHours(2);

        /// <summary>Leave the scratch environment (and the upgrade's backup set) in place for inspection.</summary>
        public bool KeepScratch { get; set; }

        /// <summary>Where the Markdown report is written, or null for none.</summary>
        public string? ReportPath { get; set; }
    }
}
