using System.IO;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Installs a pipeline version into an environment and emits what was deployed.</summary>
    [Cmdlet(VerbsLifecycle.Install, "RestorePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PipelineInfo))]
    public sealed class InstallRestorePipelineCommand : PipelineCmdlet
    {
        /// <summary>The pipeline version: 1.0.0, 2.0.0 or 3.0.0.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; } = string.Empty;

        /// <summary>A configuration document (docs/formats/configuration.md) to store in SSM Parameter Store.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConfigPath { get; set; }

        /// <summary>A Lambda package built for this version; defaults to the one the module ships.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LambdaPackagePath { get; set; }

        protected override void ProcessRecordCore()
        {
            var definition = PipelineVersionCatalog.Default.Get(Version);
            var env = PipelineEnvironment;
            string? configuration = null;
            if (ConfigPath != null)
            {
                var path = GetUnresolvedProviderPathFromPSPath(ConfigPath);
                if (!File.Exists(path))
                {
                    throw new AuroraRestoreException(
                        "ConfigurationFileNotFound", FailureCategory.ObjectNotFound, ConfigPath,
                        $"The configuration file {path} does not exist.",
                        "Pass -ConfigPath with the path of a configuration document (docs/formats/configuration.md).");
                }

                configuration = File.ReadAllText(path);
            }

            var package = LambdaPackagePath != null ? GetUnresolvedProviderPathFromPSPath(LambdaPackagePath) : ModuleFiles.LambdaPackage(definition.Version);
            var request = new InstallRequest(env, definition.Version, package, configuration);
            using var aws = new AwsClients(AwsContext);
            var installer = new PipelineInstaller(aws, AwsContext.Log, clock: CmdletClock.Current());
            Run(token => installer.ValidateAsync(request, token));
            if (!ShouldProcess($"environment '{env.Name}' in {AwsContext.Region} (stacks {env.IamStackName}, {env.MainStackName})", $"Install pipeline {definition.Version}"))
            {
                return;
            }

            Run(token => installer.InstallAsync(request, token));
            WriteObject(Run(token => new PipelineReader(aws, AwsContext.Log).ReadAsync(env, token)));
        }
    }
}
