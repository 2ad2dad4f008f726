using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Configuration;
using AuroraRestore.Control;
using AuroraRestore.Versions;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// Installs one pipeline version into an environment: artifact bucket and Lambda package, IAM stack, main stack,
    /// function versions and <c>live</c> aliases, the version's table indexes and alarms, the configuration.
    /// Everything is checked before the first change; every step is idempotent, so a failed install can be run again.
    /// </summary>
    public sealed class PipelineInstaller
    {
        private const int ProgressId = 1;
        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly PipelineVersionCatalog catalog;
        private readonly StackWaiter waiter;
        private readonly TimeProvider clock;

        /// <param name="aws">The clients.</param>
        /// <param name="log">Where the install is narrated.</param>
        /// <param name="catalog">The versions (default: the module's).</param>
        /// <param name="waiter">How stack operations are waited for (default: polling CloudFormation).</param>
        /// <param name="clock">Today's date for the Lambda runtime check (tests set it); the system clock unless given.</param>
        public PipelineInstaller(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null, StackWaiter? waiter = null, TimeProvider? clock = null)
        {
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
            this.waiter = waiter ?? new StackWaiter(aws.CloudFormation, log);
            this.clock = clock ?? TimeProvider.System;
        }

        /// <summary>Checks everything an install needs, changing nothing. Throws the first problem found.</summary>
        public Task<PipelineVersionDefinition> ValidateAsync(InstallRequest request, CancellationToken cancellationToken)
            => ValidateAsync(request, warn: true, cancellationToken);

        public async Task InstallAsync(InstallRequest request, CancellationToken cancellationToken)
        {
            // Checked again (time may have passed since the caller validated); the warnings were that validation's.
            var version = await ValidateAsync(request, warn: false, cancellationToken).ConfigureAwait(false);
            await CreateAsync(request, version, cancellationToken).ConfigureAwait(false);
        }

        private async Task<PipelineVersionDefinition> ValidateAsync(InstallRequest request, bool warn, CancellationToken cancellationToken)
        {
            var version = catalog.Get(request.Version);
            var env = request.Environment;
            var warnings = LambdaRuntimeLifecycle.Require(
                version.MainTemplateBody, $"{version.Version}/main.template.json", LambdaRuntimeChange.Create, clock.GetUtcNow(),
                $"Installing {version.Version} into '{env.Name}'", LambdaRuntimeLifecycle.NewerModuleAction);
            foreach (var warning in warn ? warnings : Array.Empty<string>())
            {
                log.Warning(warning);
            }

            if (!File.Exists(request.LambdaPackagePath))
            {
                throw new AuroraRestoreException(
                    "LambdaPackageNotFound", FailureCategory.ObjectNotFound, request.LambdaPackagePath,
                    $"The Lambda package {request.LambdaPackagePath} does not exist.",
                    "Pass -LambdaPackagePath with the zip built for this version, or reinstall the module (it ships one per version under lambda/).");
            }

            if (request.ConfigurationJson != null)
            {
                PipelineConfiguration.Parse(request.ConfigurationJson, version.ConfigFormat);
            }

            var main = await aws.CloudFormation.DescribeStackAsync(env.MainStackName, cancellationToken).ConfigureAwait(false);
            var resuming = main != null && await IsUnfinishedInstallOfAsync(env, version.Version, cancellationToken).ConfigureAwait(false);
            if (main != null && !resuming)
            {
                main.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var deployed);
                throw new AuroraRestoreException(
                    "PipelineAlreadyInstalled", FailureCategory.ResourceExists, env.MainStackName,
                    $"Environment '{env.Name}' already has a pipeline: stack {env.MainStackName} ({main.StackStatus}, version {deployed ?? "unknown"}).",
                    "Use Get-RestorePipeline to see it, Invoke-RestoreUpgrade to change its version, or Remove-RestorePipeline first.");
            }

            if (resuming)
            {
                // An earlier install of this version stopped after creating the stacks: this run finishes it.
                log.Verbose($"Finishing the unfinished install of {version.Version} in '{env.Name}'");
                return version;
            }

            var iam = await aws.CloudFormation.DescribeStackAsync(env.IamStackName, cancellationToken).ConfigureAwait(false);
            if (iam != null)
            {
                iam.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var iamVersion);
                if (iamVersion != version.Version || !StackWaiter.IsStable(iam.StackStatus))
                {
                    throw new AuroraRestoreException(
                        "PipelineAlreadyInstalled", FailureCategory.ResourceExists, env.IamStackName,
                        $"Environment '{env.Name}' already has the IAM stack {env.IamStackName} ({iam.StackStatus}, version {iamVersion ?? "unknown"}) but no main stack.",
                        $"Run Remove-RestorePipeline -Environment {env.Name} to clear the half-installed environment, then install again.");
                }

                // Same version and stable: an earlier install stopped after the IAM stack; this run carries on from there.
            }

            foreach (var table in new[] { env.StateTableName, env.AuditTableName })
            {
                // Tables outside any stack: creating the main stack would fail on them.
                if (await TableExistsAsync(table, cancellationToken).ConfigureAwait(false))
                {
                    throw new AuroraRestoreException(
                        "PipelineTableExists", FailureCategory.ResourceExists, table,
                        $"DynamoDB table {table} already exists outside a pipeline stack; installing would fail to create it.",
                        "Back it up (aws dynamodb create-backup), then delete or rename it, or install into another -Environment.");
                }
            }

            return version;
        }

        private async Task CreateAsync(InstallRequest request, PipelineVersionDefinition version, CancellationToken cancellationToken)
        {
            var env = request.Environment;
            var region = aws.Context.Region;

            Report(3, "Recording the install in " + env.ControlTableName);
            await ControlTable.EnsureExistsAsync(aws.DynamoDb, env.ControlTableName, cancellationToken).ConfigureAwait(false);
            var control = new ControlTable(aws.DynamoDb, env.ControlTableName);
            await control.PutAsync(InstallationRecord(version.Version, "in_progress"), cancellationToken).ConfigureAwait(false);

            Report(5, "Preparing the artifact bucket");
            var account = (await aws.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Account;
            var bucket = PipelineEnvironment.ArtifactBucketName(account, region);
            var artifacts = new ArtifactStore(aws.S3, log);
            await artifacts.EnsureBucketAsync(bucket, region, cancellationToken).ConfigureAwait(false);
            var key = await artifacts.UploadLambdaPackageAsync(bucket, version.Version, request.LambdaPackagePath, cancellationToken).ConfigureAwait(false);

            Report(15, $"Creating stack {env.IamStackName}");
            var iam = await CreateStackIfMissingAsync(env.IamStackName, version.IamTemplateBody, PipelineStackParameters.ForIamStack(env, version), env, version, cancellationToken).ConfigureAwait(false);
            var lambdaRole = Output(iam, "LambdaRoleArn");
            var statesRole = Output(iam, "StateMachineRoleArn");

            Report(35, $"Creating stack {env.MainStackName}");
            var mainParameters = PipelineStackParameters.ForMainStack(env, version, bucket, key, lambdaRole, statesRole);
            if (version.MainTemplateParameters.Any(p => p.Name == PipelineStackParameters.ChatOpsWebhookUrl))
            {
                // No webhook given: its empty default, passed explicitly, so that every later update can keep it with
                // UsePreviousValue (moto fails UsePreviousValue for a parameter left to its default at creation).
                mainParameters[PipelineStackParameters.ChatOpsWebhookUrl] = string.Empty;
            }

            var main = await CreateStackIfMissingAsync(env.MainStackName, version.MainTemplateBody, mainParameters, env, version, cancellationToken).ConfigureAwait(false);

            Report(60, "Publishing function versions and the live aliases");
            var aliases = new LiveAliases(aws.Lambda, log);
            var functions = version.Functions.Select(env.FunctionName).ToList();
            var releases = await aliases.PublishAsync(functions, $"aurora-restore {version.Version}", cancellationToken).ConfigureAwait(false);
            await aliases.PointAsync(releases.Select(r => new KeyValuePair<string, string>(r.FunctionName, r.PublishedVersion)), $"aurora-restore {version.Version}", cancellationToken).ConfigureAwait(false);

            Report(75, "Applying the table indexes of " + version.Version);
            var schema = new TableSchemaConverger(aws.DynamoDb, log);
            await schema.ConvergeAsync(env.StateTableName, version.StateTable, cancellationToken).ConfigureAwait(false);
            await schema.ConvergeAsync(env.AuditTableName, version.AuditTable, cancellationToken).ConfigureAwait(false);

            Report(85, "Creating the alarms of " + version.Version);
            await new AlarmSet(aws.CloudWatch, log).ApplyAsync(env, version, Output(main, "TopicArn"), Output(main, "StateMachineArn"), cancellationToken).ConfigureAwait(false);

            if (request.ConfigurationJson != null)
            {
                Report(95, "Storing the configuration");
                var configuration = PipelineConfiguration.Parse(request.ConfigurationJson, version.ConfigFormat);
                await aws.Ssm.PutParameterAsync(new PutParameterRequest
                {
                    Name = env.ConfigurationParameterName,
                    Value = configuration.ToJson(),
                    Type = ParameterType.String,
                    Overwrite = true,
                    Description = $"AuroraRestore pipeline configuration ({env.Name})",
                }, cancellationToken).ConfigureAwait(false);
            }

            await control.PutAsync(InstallationRecord(version.Version, "complete"), cancellationToken).ConfigureAwait(false);
            log.Progress(new ProgressReport(ProgressId, "Install-RestorePipeline", "Done", 100, completed: true));
        }

        /// <summary>The control table's record of the last install: pk "pipeline", sk "installation", attributes version and status.</summary>
        private static ControlRecord InstallationRecord(string version, string status)
            => new ControlRecord("pipeline", "installation", new Dictionary<string, AttributeValue>
            {
                ["version"] = new AttributeValue { S = version },
                ["status"] = new AttributeValue { S = status },
                ["updated_at"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture) },
            });

        private async Task<bool> IsUnfinishedInstallOfAsync(PipelineEnvironment env, string version, CancellationToken cancellationToken)
        {
            if (!await TableExistsAsync(env.ControlTableName, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            var record = await new ControlTable(aws.DynamoDb, env.ControlTableName).GetAsync("pipeline", "installation", cancellationToken).ConfigureAwait(false);
            return record != null && record.GetString("status") == "in_progress" && record.GetString("version") == version;
        }

        private async Task<StackDescription> CreateStackIfMissingAsync(string stackName, string templateBody, IDictionary<string, string> parameters, PipelineEnvironment env, PipelineVersionDefinition version, CancellationToken cancellationToken)
        {
            var existing = await aws.CloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                if (!StackWaiter.IsStable(existing.StackStatus))
                {
                    throw new AuroraRestoreException(
                        "StackNotStable", FailureCategory.ResourceUnavailable, stackName,
                        $"Stack {stackName} is {existing.StackStatus}; an install cannot carry on from it.",
                        $"Wait until it is stable, or run Remove-RestorePipeline -Environment {env.Name} and install again.");
                }

                log.Verbose($"Stack {stackName} already exists ({existing.StackStatus}); carrying on from it");
                return existing;
            }

            var request = new StackRequest(stackName, templateBody);
            foreach (var pair in parameters)
            {
                request.Parameters[pair.Key] = pair.Value;
            }

            request.Tags[PipelineVersionDefinition.VersionTagKey] = version.Version;
            request.Tags["aurora-restore:environment"] = env.Name;
            request.Capabilities.Add("CAPABILITY_NAMED_IAM");
            var started = DateTimeOffset.UtcNow;
            await aws.CloudFormation.CreateStackAsync(request, cancellationToken).ConfigureAwait(false);
            return await waiter.WaitForCompleteAsync(stackName, started, cancellationToken).ConfigureAwait(false);
        }

        private static string Output(StackDescription stack, string name)
            => stack.Outputs.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
                ? value
                : throw new AuroraRestoreException(
                    "StackOutputMissing", FailureCategory.InvalidResult, stack.StackName,
                    $"Stack {stack.StackName} has no output {name}.",
                    "The stack was not created from a template of this module: remove it (Remove-RestorePipeline) and install again.");

        private async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken)
        {
            try
            {
                await aws.DynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                return false;
            }
        }

        private void Report(int percent, string status)
            => log.Progress(new ProgressReport(ProgressId, "Install-RestorePipeline", status, percent));
    }
}
