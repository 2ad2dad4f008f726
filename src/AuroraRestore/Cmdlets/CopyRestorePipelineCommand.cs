using System.Collections;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Copies;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Copies a pipeline environment into another (the seed's clone_environment.sh): same version and configuration
    /// with -ConfigurationOverride applied, optionally the state and audit items (-IncludeState), anonymised on request
    /// (-Anonymize). Emits the target's PipelineInfo.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "RestorePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PipelineInfo))]
    public sealed class CopyRestorePipelineCommand : AuroraRestoreCmdlet
    {
        /// <summary>The environment to copy (default production).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Environment")]
        public string SourceEnvironment { get; set; } = PipelineEnvironment.Production;

        /// <summary>The environment to create, e.g. staging; it must not have a pipeline yet.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string TargetEnvironment { get; set; } = string.Empty;

        /// <summary>Configuration keys that differ in the target, e.g. @{ target_cluster_id = 'staging-restored' }.</summary>
        [Parameter]
        public Hashtable? ConfigurationOverride { get; set; }

        /// <summary>Copy the state and audit items too.</summary>
        [Parameter]
        public SwitchParameter IncludeState { get; set; }

        /// <summary>With -IncludeState: replace cluster ids, snapshot names, endpoints, requested_by and user names with stable pseudonyms.</summary>
        [Parameter]
        public SwitchParameter Anonymize { get; set; }

        /// <summary>A Lambda package built for the source's version; defaults to the one the module ships.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LambdaPackagePath { get; set; }

        protected override void ProcessRecordCore()
        {
            var request = new CopyRequest(PipelineEnvironment.Named(SourceEnvironment), PipelineEnvironment.Named(TargetEnvironment))
            {
                IncludeState = IncludeState,
                Anonymize = Anonymize,
            };
            if (ConfigurationOverride != null)
            {
                foreach (DictionaryEntry entry in ConfigurationOverride)
                {
                    request.ConfigurationOverrides[entry.Key.ToString()!] = ConfigurationValues.ToJson(entry.Value);
                }
            }

            using var aws = new AwsClients(AwsContext);
            var copier = new PipelineCopier(aws, AwsContext.Log, clock: CmdletClock.Current());
            var version = Run(token => copier.SourceVersionAsync(request, token));
            request.LambdaPackagePath = LambdaPackagePath != null ? GetUnresolvedProviderPathFromPSPath(LambdaPackagePath) : ModuleFiles.LambdaPackage(version.Version);
            Run(token => copier.ValidateAsync(request, token));
            var what = $"Copy pipeline {version.Version} of '{request.Source.Name}'" + (IncludeState ? (Anonymize ? " with its state, anonymised" : " with its state") : string.Empty);
            if (!ShouldProcess($"environment '{request.Target.Name}' in {AwsContext.Region}", what))
            {
                return;
            }

            var (state, audit) = Run(token => copier.CopyAsync(request, token));
            if (IncludeState)
            {
                WriteVerbose($"Copied {state} state and {audit} audit items");
            }

            WriteObject(Run(token => new PipelineReader(aws, AwsContext.Log).ReadAsync(request.Target, token)));
        }
    }
}
