using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Exports everything of a pipeline but its tables into the files of a backup set: both stacks (template body as
    /// deployed, description with NoEcho values masked), every function's live version with its code hash and artifact
    /// location, the state machine definition and the configuration document. Never exports a secret: not a NoEcho
    /// value, not a function's environment (it holds the webhook), not the presigned code URL Lambda returns.
    /// </summary>
    public sealed class PipelineExporter
    {
        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly PipelineVersionCatalog catalog;

        public PipelineExporter(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null)
        {
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
        }

        /// <returns>File name → content, in the order the manifest lists them.</returns>
        public async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ExportAsync(PipelineEnvironment env, StackDescription main, StackDescription iam, string pipelineVersion, CancellationToken cancellationToken)
        {
            var files = new List<KeyValuePair<string, byte[]>>();
            var mainTemplate = await aws.CloudFormation.GetTemplateAsync(main.StackName, cancellationToken).ConfigureAwait(false);
            files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.MainStackTemplate, StackExport.Template(mainTemplate)));
            files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.MainStack, StackExport.Description(main, mainTemplate)));
            var iamTemplate = await aws.CloudFormation.GetTemplateAsync(iam.StackName, cancellationToken).ConfigureAwait(false);
            files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.IamStackTemplate, StackExport.Template(iamTemplate)));
            files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.IamStack, StackExport.Description(iam, iamTemplate)));
            files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.Functions, await FunctionsAsync(env, main, pipelineVersion, cancellationToken).ConfigureAwait(false)));
            files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.StateMachine, await StateMachineAsync(main, cancellationToken).ConfigureAwait(false)));
            var configuration = await ConfigurationAsync(env, cancellationToken).ConfigureAwait(false);
            if (configuration != null)
            {
                files.Add(new KeyValuePair<string, byte[]>(BackupFileNames.Configuration, configuration));
            }

            return files;
        }

        private async Task<byte[]> FunctionsAsync(PipelineEnvironment env, StackDescription main, string pipelineVersion, CancellationToken cancellationToken)
        {
            main.Parameters.TryGetValue(PipelineStackParameters.ArtifactBucket, out var bucket);
            main.Parameters.TryGetValue(PipelineStackParameters.ArtifactKey, out var key);
            var functions = new JsonArray();
            if (catalog.TryGet(pipelineVersion, out var version) && version != null)
            {
                foreach (var name in version.Functions.Select(env.FunctionName))
                {
                    var alias = await aws.Lambda.GetAliasAsync(name, LiveAliases.AliasName, cancellationToken).ConfigureAwait(false);
                    var configuration = alias == null ? null : await aws.Lambda.GetFunctionConfigurationAsync(name, alias.FunctionVersion, cancellationToken).ConfigureAwait(false);
                    if (alias == null)
                    {
                        log.Warning($"Function {name} has no {LiveAliases.AliasName} alias: the backup records none for it.");
                    }

                    functions.Add(new JsonObject
                    {
                        ["function_name"] = name,
                        ["alias"] = LiveAliases.AliasName,
                        ["live_version"] = alias?.FunctionVersion,
                        ["code_sha256"] = configuration?.CodeSha256,
                        ["artifact_bucket"] = bucket,
                        ["artifact_key"] = key,
                    });
                }
            }
            else
            {
                log.Warning($"Pipeline version '{pipelineVersion}' is not one this module knows: its functions are not exported.");
            }

            return BackupJson.Serialize(new JsonObject { ["functions"] = functions });
        }

        private async Task<byte[]> StateMachineAsync(StackDescription main, CancellationToken cancellationToken)
        {
            main.Outputs.TryGetValue("StateMachineArn", out var arn);
            var machine = string.IsNullOrEmpty(arn) ? null : await aws.StepFunctions.DescribeStateMachineAsync(arn!, cancellationToken).ConfigureAwait(false);
            if (machine == null)
            {
                log.Warning($"Stack {main.StackName} names no state machine that exists ({arn ?? "no StateMachineArn output"}).");
            }

            return BackupJson.Serialize(new JsonObject
            {
                ["state_machine_arn"] = machine?.StateMachineArn ?? arn,
                ["name"] = machine?.Name,
                ["status"] = machine?.Status,
                ["type"] = machine?.Type,
                ["role_arn"] = machine?.RoleArn,
                ["revision_id"] = machine?.RevisionId,
                ["definition"] = machine?.Definition,
            });
        }

        /// <returns>The configuration document exactly as stored, or null when the environment has none.</returns>
        private async Task<byte[]?> ConfigurationAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            try
            {
                var parameter = await aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetBytes(parameter.Parameter.Value);
            }
            catch (ParameterNotFoundException)
            {
                log.Verbose($"No configuration at {env.ConfigurationParameterName}: the set has no configuration.json");
                return null;
            }
        }
    }
}
