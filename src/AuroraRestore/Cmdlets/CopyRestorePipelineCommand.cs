using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using AuroraRestore.Aws;
using AuroraRestore.Common;
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
                    request.ConfigurationOverrides[entry.Key.ToString()!] = ToJson(entry.Value);
                }
            }

            using var aws = new AwsClients(AwsContext);
            var copier = new PipelineCopier(aws, AwsContext.Log);
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

        /// <summary>A PowerShell value as the JSON value of a configuration key (strings, numbers, booleans, arrays).</summary>
        private static JsonNode? ToJson(object? value)
        {
            var unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (unwrapped)
            {
                case null:
                    return null;
                case string text:
                    return JsonValue.Create(text);
                case bool flag:
                    return JsonValue.Create(flag);
                case SwitchParameter flag:
                    return JsonValue.Create(flag.IsPresent);
                case int or long or short or byte:
                    return JsonValue.Create(System.Convert.ToInt64(unwrapped, System.Globalization.CultureInfo.InvariantCulture));
                case double or float or decimal:
                    return JsonValue.Create(System.Convert.ToDecimal(unwrapped, System.Globalization.CultureInfo.InvariantCulture));
                case IEnumerable items:
                    return new JsonArray(items.Cast<object?>().Select(ToJson).ToArray());
                default:
                    throw new AuroraRestoreException(
                        "InvalidConfigurationOverride", FailureCategory.InvalidArgument, unwrapped,
                        $"A configuration value cannot be a {unwrapped.GetType().Name}.",
                        "Use strings, numbers, $true/$false or arrays of strings (docs/formats/configuration.md).");
            }
        }
    }
}
