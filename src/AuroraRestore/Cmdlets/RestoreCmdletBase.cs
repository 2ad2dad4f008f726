using System;
using AuroraRestore.Restores;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Base of the restore cmdlets: builds the engine over the environment's clients, configuration and deployment.</summary>
    public abstract class RestoreCmdletBase : PipelineCmdlet
    {
        private RestoreServices? services;
        private RestoreEngine? engine;

        protected RestoreServices Services => services ??= ServiceClientFactory.Create(AwsContext);

        protected RestoreEngine Engine => engine ??= new RestoreEngine(
            Services,
            PipelineEnvironment,
            new SsmRestoreSettingsSource(AwsContext.CreateSsm()),
            token => PipelineDeploymentReader.ReadAsync(Services.RequireCloudFormation(), PipelineEnvironment, token));

        protected RestoreOperation ToOutput(State.OperationRecord record) => RestoreOperation.From(record, PipelineEnvironment.Name);

        protected static TimeSpan? Seconds(int? seconds) => seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null;

        protected override void EndProcessingCore() => services?.Dispose();
    }
}
