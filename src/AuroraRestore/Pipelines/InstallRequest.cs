namespace AuroraRestore.Pipelines
{
    /// <summary>What Install-RestorePipeline was asked to do, validated before anything changes.</summary>
    public sealed class InstallRequest
    {
        public InstallRequest(PipelineEnvironment environment, string version, string lambdaPackagePath, string? configurationJson)
        {
            Environment = environment;
            Version = version;
            LambdaPackagePath = lambdaPackagePath;
            ConfigurationJson = configurationJson;
        }

        public PipelineEnvironment Environment { get; }

        public string Version { get; }

        /// <summary>The zip with the Lambda host for this version (the module ships one per version under lambda/).</summary>
        public string LambdaPackagePath { get; }

        /// <summary>The configuration document to store in SSM, or null to leave the configuration unset.</summary>
        public string? ConfigurationJson { get; }
    }
}
