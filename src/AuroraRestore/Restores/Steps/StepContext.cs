using AuroraRestore.Aws.Rds;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>What a step works on: the operation (whose state it updates), its settings, the deployment and the clients.</summary>
    public sealed class StepContext
    {
        public StepContext(OperationRecord record, RestoreSettings settings, PipelineDeployment deployment, RestoreServices services, string actor)
        {
            Record = record;
            Settings = settings;
            Deployment = deployment;
            Services = services;
            Actor = actor;
        }

        public OperationRecord Record { get; }

        public RestoreSettings Settings { get; }

        public PipelineDeployment Deployment { get; }

        public RestoreServices Services { get; }

        /// <summary>Who runs the step: a function name, or <c>module</c>.</summary>
        public string Actor { get; }

        public IOperationLog Log => Services.Log;

        public IRdsClient SourceRds => Services.Rds(Settings.SourceRegion);

        public IRdsClient TargetRds => Services.Rds(Settings.TargetRegion);

        public string OperationId => Record.OperationId;

        public string TargetCluster => Settings.TargetClusterIdentifier;
    }
}
