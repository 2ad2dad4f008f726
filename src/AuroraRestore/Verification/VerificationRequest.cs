using System;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Verification
{
    /// <summary>What Test-RestorePipeline was asked to verify.</summary>
    public sealed class VerificationRequest
    {
        public VerificationRequest(PipelineEnvironment environment)
        {
            Environment = environment;
        }

        public PipelineEnvironment Environment { get; }

        /// <summary>The version the pipeline must be at; null: the one the main stack says is deployed.</summary>
        public string? ExpectedVersion { get; set; }

        /// <summary>Run a real restore into a scratch cluster, then remove it.</summary>
        public bool SampleRestore { get; set; }

        /// <summary>The snapshot of the sample restore; null: the newest available one of the configured source with the configured prefix.</summary>
        public string? SnapshotIdentifier { get; set; }

        /// <summary>How long the sample restore may take before the check fails (the scratch cluster is removed either way).</summary>
        public TimeSpan SampleRestoreTimeout { get; set; } = TimeSpan.FromHours(2);

        /// <summary>How often the sample restore's waiting steps are polled.</summary>
        public TimeSpan SampleRestorePollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How long to wait for the test message to arrive through the temporary queue.</summary>
        public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Which checks to run (default all); names from <see cref="CheckNames"/>.</summary>
        public string[] Checks { get; set; } = CheckNames.All;
    }
}
