using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Computes an upgrade plan, changing nothing: reads the deployed version, walks the compatibility matrix (1.0→3.0 is
    /// two hops through 2.0; a downgrade or an unknown version is refused with the supported paths), lays out every step
    /// of every hop in the migration guide's order, and diffs each stack update resource by resource and property by
    /// property (deployed template from get-template for the first hop, the catalog's for later ones). With a change set
    /// (real AWS only: moto cannot create change sets on existing stacks) CloudFormation's own view is added.
    /// </summary>
    public sealed class UpgradePlanner
    {
        private readonly UpgradeServices services;
        private readonly UpgradeOptions options;

        public UpgradePlanner(UpgradeServices services, UpgradeOptions? options = null)
        {
            this.services = services;
            this.options = options ?? new UpgradeOptions();
        }

        private PipelineVersionCatalog Catalog => options.Catalog;

        /// <summary>
        /// The steps of a path, in the migration guide's order per hop. 1.0→2.0: new Lambda code, main stack, (IAM stack,
        /// whose roles do not change), table schema, state migration. 2.0→3.0: IAM stack first, Lambda code, main stack,
        /// configuration conversion, state migration. The functions' versions are published once the main stack has
        /// deployed their code and configuration, and the <c>live</c> aliases move only then; the intake freeze covers the
        /// stack switch-over up to the alias move, nothing that grows with the tables.
        /// </summary>
        public static IReadOnlyList<(string Name, UpgradeHop? Hop, bool InFreezeWindow)> Sequence(IReadOnlyList<UpgradeHop> hops, PipelineVersionCatalog catalog)
        {
            var steps = new List<(string, UpgradeHop?, bool)> { (UpgradeStepNames.Preflight, null, false), (UpgradeStepNames.Backup, null, false) };
            foreach (var hop in hops)
            {
                var from = catalog.Get(hop.From);
                var to = catalog.Get(hop.To);
                if (hop.IamStackFirst)
                {
                    steps.Add((UpgradeStepNames.IamStack, hop, false));
                }

                steps.Add((UpgradeStepNames.LambdaPackage, hop, false));
                steps.Add((UpgradeStepNames.FreezeIntake, hop, true));
                steps.Add((UpgradeStepNames.MainStack, hop, true));
                steps.Add((UpgradeStepNames.PublishVersions, hop, true));
                if (from.ConfigFormat != to.ConfigFormat)
                {
                    steps.Add((UpgradeStepNames.Configuration, hop, true));
                }

                steps.Add((UpgradeStepNames.LiveAliases, hop, true));
                steps.Add((UpgradeStepNames.ThawIntake, hop, true));
                if (!hop.IamStackFirst)
                {
                    steps.Add((UpgradeStepNames.IamStack, hop, false));
                }

                steps.Add((UpgradeStepNames.TableSchema, hop, false));
                steps.Add((UpgradeStepNames.Alarms, hop, false));
                steps.Add((UpgradeStepNames.StateMigration, hop, false));
            }

            steps.Add((UpgradeStepNames.Verify, null, false));
            return steps;
        }

        /// <summary>The deployed version: both stacks' version tag (or PipelineVersion output); PipelineNotInstalled without a main stack.</summary>
        public async Task<(StackDescription Main, StackDescription? Iam, string? MainVersion, string? IamVersion)> ReadDeployedAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            var main = await services.CloudFormation.DescribeStackAsync(env.MainStackName, cancellationToken).ConfigureAwait(false)
                ?? throw new AuroraRestoreException(
                    UpgradeErrorIds.PipelineNotInstalled, FailureCategory.ObjectNotFound, env.MainStackName,
                    $"Environment '{env.Name}' has no pipeline in {services.Region}: stack {env.MainStackName} does not exist.",
                    "Install it with Install-RestorePipeline, or pass the right -Environment and -Region.");
            var iam = await services.CloudFormation.DescribeStackAsync(env.IamStackName, cancellationToken).ConfigureAwait(false);
            return (main, iam, VersionOf(main), iam == null ? null : VersionOf(iam));
        }

        /// <summary>What a plan depends on: versions, template SHA-256s, table index sets.</summary>
        public async Task<EnvironmentFingerprint> FingerprintAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            var (main, iam, mainVersion, iamVersion) = await ReadDeployedAsync(env, cancellationToken).ConfigureAwait(false);
            return new EnvironmentFingerprint
            {
                MainStackVersion = mainVersion,
                IamStackVersion = iamVersion,
                MainTemplateSha256 = UpgradePlanFile.Sha256(await services.CloudFormation.GetTemplateAsync(main.StackName, cancellationToken).ConfigureAwait(false)),
                IamTemplateSha256 = iam == null ? string.Empty : UpgradePlanFile.Sha256(await services.CloudFormation.GetTemplateAsync(iam.StackName, cancellationToken).ConfigureAwait(false)),
                StateTableIndexes = await IndexesAsync(env.StateTableName, cancellationToken).ConfigureAwait(false),
                AuditTableIndexes = await IndexesAsync(env.AuditTableName, cancellationToken).ConfigureAwait(false),
            };
        }

        /// <param name="env">The environment.</param>
        /// <param name="targetVersion">Exact or family spelling.</param>
        /// <param name="allowMultiHop">False refuses a path of more than one hop (UnsupportedUpgradePath).</param>
        /// <param name="useChangeSet">Also create (and delete) a CloudFormation change set per stack of the first hop.</param>
        /// <param name="lambdaPackageFor">The package of a version, to name its artifact key in the plan; null when not known.</param>
        /// <param name="cancellationToken">Cancels the reads.</param>
        public async Task<UpgradePlan> PlanAsync(PipelineEnvironment env, string targetVersion, bool allowMultiHop, bool useChangeSet, Func<string, string>? lambdaPackageFor, CancellationToken cancellationToken)
        {
            var (main, iam, mainVersion, iamVersion) = await ReadDeployedAsync(env, cancellationToken).ConfigureAwait(false);
            if (mainVersion == null || (iam != null && iamVersion != mainVersion))
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.PipelineVersionsDiffer, FailureCategory.InvalidOperation, env.Name,
                    $"Environment '{env.Name}' has no single deployed version: main stack {mainVersion ?? "(no version)"}, IAM stack {(iam == null ? "(missing)" : iamVersion ?? "(no version)")}.",
                    "An interrupted upgrade or rollback leaves the stacks apart: run the same Invoke-RestoreUpgrade (or Undo-RestoreUpgrade) again to finish it, or reinstall the pipeline.");
            }

            var hops = Catalog.Matrix.PathBetween(mainVersion, targetVersion, allowMultiHop);
            var target = hops.Count == 0 ? mainVersion : hops[hops.Count - 1].To;
            var account = (await services.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Account;
            var plan = new UpgradePlan
            {
                Environment = env.Name,
                Region = services.Region,
                Account = account,
                FromVersion = mainVersion,
                ToVersion = target,
                AllowMultiHop = allowMultiHop,
                CreatedAt = services.Clock.GetUtcNow(),
                Hops = hops,
                Fingerprint = await FingerprintAsync(env, cancellationToken).ConfigureAwait(false),
            };
            var notes = new List<string>();
            foreach (var stack in new[] { main, iam })
            {
                if (stack != null && !StackWaiter.IsStable(stack.StackStatus))
                {
                    notes.Add($"stack {stack.StackName} is {stack.StackStatus}: Invoke-RestoreUpgrade refuses to start until it is stable");
                }
            }

            if (hops.Count > 0)
            {
                var diffs = await StackDiffsAsync(env, main, iam, hops, account, useChangeSet, lambdaPackageFor, cancellationToken).ConfigureAwait(false);
                plan.StackDiffs = diffs;
                plan.Steps = await StepsAsync(env, hops, diffs, account, lambdaPackageFor, notes, cancellationToken).ConfigureAwait(false);
            }

            plan.Notes = notes;
            plan.PlanId = UpgradePlanFile.ComputeId(plan);
            return plan;
        }

        private static string? VersionOf(StackDescription stack)
            => stack.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var tagged) && !string.IsNullOrEmpty(tagged)
                ? tagged
                : stack.Outputs.TryGetValue(PipelineVersionDefinition.VersionOutputKey, out var output) && !string.IsNullOrEmpty(output) ? output : null;

        private async Task<IReadOnlyList<string>> IndexesAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                var table = (await services.DynamoDb.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table;
                return (table.GlobalSecondaryIndexes ?? new List<GlobalSecondaryIndexDescription>())
                    .Select(i => $"{i.IndexName}({string.Join(",", i.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value))})")
                    .OrderBy(n => n, StringComparer.Ordinal)
                    .ToList();
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                return new[] { "(table missing)" };
            }
        }

        private async Task<IReadOnlyList<StackDiff>> StackDiffsAsync(PipelineEnvironment env, StackDescription main, StackDescription? iam, IReadOnlyList<UpgradeHop> hops, string account, bool useChangeSet, Func<string, string>? lambdaPackageFor, CancellationToken cancellationToken)
        {
            var diffs = new List<StackDiff>();
            var bucket = PipelineEnvironment.ArtifactBucketName(account, services.Region);
            var iamBody = iam == null ? null : await services.CloudFormation.GetTemplateAsync(iam.StackName, cancellationToken).ConfigureAwait(false);
            var mainBody = await services.CloudFormation.GetTemplateAsync(main.StackName, cancellationToken).ConfigureAwait(false);
            var iamBefore = iam == null ? new Dictionary<string, string>() : new Dictionary<string, string>(iam.Parameters, StringComparer.Ordinal);
            var mainBefore = new Dictionary<string, string>(main.Parameters, StringComparer.Ordinal);
            var lambdaRole = iam != null && iam.Outputs.TryGetValue("LambdaRoleArn", out var l) ? l : $"arn:aws:iam::{account}:role/{env.ResourcePrefix}-lambda-role";
            var statesRole = iam != null && iam.Outputs.TryGetValue("StateMachineRoleArn", out var s) ? s : $"arn:aws:iam::{account}:role/{env.ResourcePrefix}-states-role";
            for (var i = 0; i < hops.Count; i++)
            {
                var hop = hops[i];
                var from = Catalog.Get(hop.From);
                var to = Catalog.Get(hop.To);
                var first = i == 0;
                var source = first ? "deployed" : "catalog " + from.Version;
                var key = ArtifactKey(to.Version, lambdaPackageFor);

                var iamPrevious = first ? iamBody ?? from.IamTemplateBody : from.IamTemplateBody;
                var iamNoEcho = StackUpdate.NoEchoParameters(TemplateDiff.Parse(env.IamStackName, iamPrevious), to.IamTemplateParameters);
                var iamRequest = StackUpdate.Request(env.IamStackName, to.IamTemplateBody, PipelineStackParameters.ForIamStack(env, to), to.IamTemplateParameters, iamBefore, iamNoEcho, env, to.Version);
                var iamDiff = new StackDiff
                {
                    StackName = env.IamStackName,
                    Hop = hop.ToString(),
                    BeforeSource = source,
                    BeforeTemplateSha256 = UpgradePlanFile.Sha256(iamPrevious),
                    AfterTemplateSha256 = UpgradePlanFile.Sha256(to.IamTemplateBody),
                    Changes = TemplateDiff.Compare(env.IamStackName, iamPrevious, to.IamTemplateBody),
                    Parameters = StackUpdate.Changes(iamRequest, Visible(iamBefore), iamNoEcho),
                };

                var mainPrevious = first ? mainBody : from.MainTemplateBody;
                var mainValues = PipelineStackParameters.ForMainStack(env, to, bucket, key, lambdaRole, statesRole);
                var mainNoEcho = StackUpdate.NoEchoParameters(TemplateDiff.Parse(env.MainStackName, mainPrevious), to.MainTemplateParameters);
                var mainRequest = StackUpdate.Request(env.MainStackName, to.MainTemplateBody, mainValues, to.MainTemplateParameters, mainBefore, mainNoEcho, env, to.Version);
                var mainDiff = new StackDiff
                {
                    StackName = env.MainStackName,
                    Hop = hop.ToString(),
                    BeforeSource = source,
                    BeforeTemplateSha256 = UpgradePlanFile.Sha256(mainPrevious),
                    AfterTemplateSha256 = UpgradePlanFile.Sha256(to.MainTemplateBody),
                    Changes = TemplateDiff.Compare(env.MainStackName, mainPrevious, to.MainTemplateBody),
                    Parameters = StackUpdate.Changes(mainRequest, Visible(mainBefore), mainNoEcho),
                };

                if (useChangeSet && first)
                {
                    // Only the first hop's stacks are deployed as the change set's "before"; later hops are diffed from the catalog.
                    if (iam != null)
                    {
                        iamDiff.ChangeSet = await ChangeSetAsync(iamRequest, cancellationToken).ConfigureAwait(false);
                    }

                    mainDiff.ChangeSet = await ChangeSetAsync(mainRequest, cancellationToken).ConfigureAwait(false);
                }

                diffs.AddRange(hop.IamStackFirst ? new[] { iamDiff, mainDiff } : new[] { mainDiff, iamDiff });
                iamBefore = After(iamRequest, iamBefore);
                mainBefore = After(mainRequest, mainBefore);
            }

            return diffs;
        }

        /// <summary>The stack's parameters once <paramref name="request"/> is applied (kept values stay what they were).</summary>
        private static Dictionary<string, string> After(StackRequest request, IReadOnlyDictionary<string, string> before)
        {
            var after = new Dictionary<string, string>(request.Parameters, StringComparer.Ordinal);
            foreach (var kept in request.PreviousValueParameters)
            {
                after[kept] = before.TryGetValue(kept, out var value) ? value : string.Empty;
            }

            return after;
        }

        private static IReadOnlyDictionary<string, string?> Visible(IReadOnlyDictionary<string, string> parameters)
            => parameters.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);

        /// <summary>The artifact key the lambda-package step will upload to: lambda/&lt;version&gt;/&lt;sha256 of the zip&gt;.zip.</summary>
        private static string ArtifactKey(string version, Func<string, string>? lambdaPackageFor)
        {
            var path = lambdaPackageFor?.Invoke(version);
            if (path == null || !File.Exists(path))
            {
                return $"lambda/{version}/<sha256 of the package>.zip";
            }

            using var stream = File.OpenRead(path);
            return $"lambda/{version}/{Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant()}.zip";
        }

        private async Task<IReadOnlyList<string>> ChangeSetAsync(StackRequest request, CancellationToken cancellationToken)
        {
            var name = "aurora-restore-plan-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            await services.CloudFormation.CreateChangeSetAsync(request, name, cancellationToken).ConfigureAwait(false);
            try
            {
                var deadline = services.Clock.GetUtcNow() + options.StackTimeout;
                while (true)
                {
                    var description = await services.CloudFormation.DescribeChangeSetAsync(request.StackName, name, cancellationToken).ConfigureAwait(false);
                    if (description.Status == "CREATE_COMPLETE")
                    {
                        return description.Changes.Select(c => $"{c.Action} {c.LogicalResourceId} ({c.ResourceType}){(string.IsNullOrEmpty(c.Replacement) ? string.Empty : ", replacement " + c.Replacement)}").ToList();
                    }

                    if (description.Status == "FAILED")
                    {
                        // CloudFormation fails a change set that changes nothing; that is an empty change set, not an error.
                        if ((description.StatusReason ?? string.Empty).IndexOf("didn't contain changes", StringComparison.OrdinalIgnoreCase) >= 0
                            || (description.StatusReason ?? string.Empty).IndexOf("No updates are to be performed", StringComparison.OrdinalIgnoreCase) >= 0)
                        {
                            return Array.Empty<string>();
                        }

                        throw new AuroraRestoreException(
                            UpgradeErrorIds.ChangeSetFailed, FailureCategory.InvalidResult, request.StackName,
                            $"CloudFormation could not create the change set for {request.StackName}: {description.StatusReason}.",
                            "Fix the cause CloudFormation names, or plan without -UseChangeSet (the plan's own template diff does not need it).");
                    }

                    if (services.Clock.GetUtcNow() > deadline)
                    {
                        throw new AuroraRestoreException(
                            UpgradeErrorIds.ChangeSetFailed, FailureCategory.OperationTimeout, request.StackName,
                            $"The change set for {request.StackName} was still {description.Status} after {options.StackTimeout.TotalMinutes:0.#} min.",
                            "Plan again later, or without -UseChangeSet.");
                    }

                    await Task.Delay(options.StackPollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                try
                {
                    await services.CloudFormation.DeleteChangeSetAsync(request.StackName, name, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Aws.AwsServiceException || ex is AuroraRestoreException)
                {
                    services.Log.Warning($"The preview change set {name} of {request.StackName} could not be deleted ({ex.Message}); delete it in the CloudFormation console.");
                }
            }
        }

        private async Task<IReadOnlyList<UpgradePlanStep>> StepsAsync(PipelineEnvironment env, IReadOnlyList<UpgradeHop> hops, IReadOnlyList<StackDiff> diffs, string account, Func<string, string>? lambdaPackageFor, List<string> notes, CancellationToken cancellationToken)
        {
            var steps = new List<UpgradePlanStep>();
            var sequence = Sequence(hops, Catalog);
            var configurationFormat = await ConfigurationFormatAsync(env, notes, cancellationToken).ConfigureAwait(false);
            var bucket = PipelineEnvironment.ArtifactBucketName(account, services.Region);
            var schema = new TableSchemaConverger(services.DynamoDb, services.Log);
            for (var index = 0; index < sequence.Count; index++)
            {
                var (name, hop, frozen) = sequence[index];
                var from = hop == null ? null : Catalog.Get(hop.From);
                var to = hop == null ? Catalog.Get(hops[hops.Count - 1].To) : Catalog.Get(hop.To);
                var first = hop != null && hop == hops[0];
                string description;
                IReadOnlyList<string> changes = Array.Empty<string>();
                switch (name)
                {
                    case UpgradeStepNames.Preflight:
                        description = "Check the caller's permissions (IAM policy simulation, or the module's own evaluation), both stacks stable, no restore in progress (completed = false; wait with -DrainTimeout); take the upgrade lock";
                        changes = new[] { $"lock pk=lock sk=upgrade and run pointer pk=upgrade sk=current in {env.ControlTableName}" };
                        break;
                    case UpgradeStepNames.Backup:
                        description = "Back up the environment (both tables, both stacks' templates and parameters, functions, configuration) with Backup-RestoreState and verify the set, or verify the set named by -BackupName";
                        break;
                    case UpgradeStepNames.IamStack:
                    case UpgradeStepNames.MainStack:
                        var stackName = name == UpgradeStepNames.IamStack ? env.IamStackName : env.MainStackName;
                        var diff = diffs.First(d => d.StackName == stackName && d.Hop == hop!.ToString());
                        description = $"Update stack {stackName} to the {to.Version} template ({diff.BeforeSource} before; CAPABILITY_IAM, CAPABILITY_NAMED_IAM; tag {PipelineVersionDefinition.VersionTagKey}={to.Version})";
                        changes = diff.Changes.Select(c => c.ToString()).Concat(diff.Parameters.Select(p => p.ToString())).Concat((diff.ChangeSet ?? Array.Empty<string>()).Select(c => "change set: " + c)).ToList();
                        if (changes.Count == 0)
                        {
                            changes = new[] { "no template or parameter change (tags only)" };
                        }

                        break;
                    case UpgradeStepNames.LambdaPackage:
                        var package = lambdaPackageFor?.Invoke(to.Version);
                        description = $"Upload the {to.Version} Lambda package ({package ?? to.LambdaPackageFileName}) to s3://{bucket}/{ArtifactKey(to.Version, lambdaPackageFor)}, where the main stack takes the functions' code from";
                        break;
                    case UpgradeStepNames.FreezeIntake:
                        description = $"Freeze intake: Start-AuroraRestore refuses new restores (IntakeFrozen) until the aliases have moved; safety expiry {options.FreezeSafetyExpiry.TotalMinutes:0} min";
                        changes = new[] { $"pk=freeze sk=intake in {env.ControlTableName}" };
                        break;
                    case UpgradeStepNames.PublishVersions:
                        description = $"Publish a version of each of the {to.Functions.Count} functions with the code and configuration the main stack deployed";
                        break;
                    case UpgradeStepNames.Configuration:
                        description = $"Convert the configuration {env.ConfigurationParameterName} from format {from!.ConfigFormat} to {to.ConfigFormat}";
                        changes = configurationFormat == null
                            ? new[] { "no configuration stored: nothing to convert" }
                            : configurationFormat == to.ConfigFormat
                                ? new[] { $"already format {to.ConfigFormat}" }
                                : ConfigurationSchema.Format2AddedKeys.Select(k => $"adds {k.Name} = {k.Default?.ToJsonString()} unless kept from an earlier format {to.ConfigFormat} document").ToList();
                        break;
                    case UpgradeStepNames.LiveAliases:
                        description = $"Move the {LiveAliases.AliasName} alias of the {to.Functions.Count} functions to the new versions (the previous versions stay, for rollback)";
                        break;
                    case UpgradeStepNames.ThawIntake:
                        description = "Lift the intake freeze";
                        break;
                    case UpgradeStepNames.TableSchema:
                        description = $"Converge the tables' indexes to the {to.Version} schema (UpdateTable; items stay)";
                        changes = first
                            ? (await schema.DiffAsync(env.StateTableName, to.StateTable, cancellationToken).ConfigureAwait(false))
                                .Concat(await schema.DiffAsync(env.AuditTableName, to.AuditTable, cancellationToken).ConfigureAwait(false)).Select(c => c.ToString()).ToList()
                            : IndexChanges(env.StateTableName, from!.StateTable, to.StateTable).Concat(IndexChanges(env.AuditTableName, from.AuditTable, to.AuditTable)).ToList();
                        if (changes.Count == 0)
                        {
                            changes = new[] { "no index change" };
                        }

                        break;
                    case UpgradeStepNames.Alarms:
                        description = $"Apply the {to.Version} alarms (PutMetricAlarm; alarms of other versions deleted)";
                        changes = to.Alarms.Select(a => a.Suffix).Except(from!.Alarms.Select(a => a.Suffix)).Select(a => "adds " + env.AlarmName(a))
                            .Concat(from.Alarms.Select(a => a.Suffix).Except(to.Alarms.Select(a => a.Suffix)).Select(a => "deletes " + env.AlarmName(a))).ToList();
                        if (changes.Count == 0)
                        {
                            changes = new[] { "no alarm added or removed" };
                        }

                        break;
                    case UpgradeStepNames.StateMigration:
                        description = $"Migrate state items from format {from!.StateFormat} to {to.StateFormat} and audit items from {from.AuditFormat} to {to.AuditFormat}, while the pipeline serves (readers accept both formats; a newer item is never overwritten)";
                        changes = new[]
                        {
                            $"{env.StateTableName}: about {await ItemCountAsync(env.StateTableName, cancellationToken).ConfigureAwait(false)} items",
                            $"{env.AuditTableName}: about {await ItemCountAsync(env.AuditTableName, cancellationToken).ConfigureAwait(false)} items",
                        };
                        break;
                    case UpgradeStepNames.Verify:
                        description = $"Check both stacks, every function's {LiveAliases.AliasName} alias, the indexes, the configuration format and the alarms against {to.Version}; lift the lock";
                        break;
                    default:
                        throw new InvalidOperationException("unknown step " + name);
                }

                steps.Add(new UpgradePlanStep(index, name, hop?.ToString(), description, changes, frozen));
            }

            return steps;
        }

        private static IEnumerable<string> IndexChanges(string table, TableSchemaDefinition from, TableSchemaDefinition to)
            => to.Indexes.Where(i => from.Indexes.All(f => f.Name != i.Name)).Select(i => $"{table}: CreateIndex {i}")
                .Concat(from.Indexes.Where(i => to.Indexes.All(t => t.Name != i.Name)).Select(i => $"{table}: DeleteIndex {i.Name}"));

        private async Task<long> ItemCountAsync(string table, CancellationToken cancellationToken)
        {
            try
            {
                return (await services.DynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table.ItemCount ?? 0;
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                return 0;
            }
        }

        private async Task<int?> ConfigurationFormatAsync(PipelineEnvironment env, List<string> notes, CancellationToken cancellationToken)
        {
            try
            {
                var parameter = await services.Ssm.GetParameterAsync(new GetParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
                var document = System.Text.Json.Nodes.JsonNode.Parse(parameter.Parameter.Value) as System.Text.Json.Nodes.JsonObject;
                return document == null ? null : ConfigurationSchema.FormatOf(document);
            }
            catch (ParameterNotFoundException)
            {
                notes.Add($"no configuration stored at {env.ConfigurationParameterName}");
                return null;
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is InvalidOperationException || ex is AuroraRestoreException)
            {
                notes.Add($"the configuration at {env.ConfigurationParameterName} is not a valid document ({ex.Message}): its conversion will fail");
                return null;
            }
        }
    }
}
