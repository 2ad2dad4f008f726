using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// Checks the environment against the target version after the last hop: both stacks stable, tagged and deployed
    /// from the target's templates; every function's <c>live</c> alias on a version that runs the target; the target's
    /// indexes, configuration format and alarms. Any difference fails the run (UpgradeVerificationFailed).
    /// </summary>
    internal sealed class VerifyStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.Verify;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var env = context.Environment;
            var target = context.Catalog.Get(context.Plan.ToVersion);
            var problems = new List<string>();
            foreach (var (name, body) in new[] { (env.IamStackName, target.IamTemplateBody), (env.MainStackName, target.MainTemplateBody) })
            {
                var stack = await context.RequireStackAsync(name, cancellationToken).ConfigureAwait(false);
                stack.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var version);
                if (!StackWaiter.IsStable(stack.StackStatus) || version != target.Version)
                {
                    problems.Add($"stack {name} is {stack.StackStatus}, version {version ?? "(none)"}");
                }

                var deployed = await context.Services.CloudFormation.GetTemplateAsync(name, cancellationToken).ConfigureAwait(false);
                if (UpgradePlanFile.Sha256(deployed) != UpgradePlanFile.Sha256(body))
                {
                    problems.Add($"stack {name} does not run the {target.Version} template");
                }
            }

            foreach (var function in target.Functions.Select(env.FunctionName))
            {
                var alias = await context.Services.Lambda.GetAliasAsync(function, LiveAliases.AliasName, cancellationToken).ConfigureAwait(false);
                var configuration = alias == null ? null : await context.Services.Lambda.GetFunctionConfigurationAsync(function, alias.FunctionVersion, cancellationToken).ConfigureAwait(false);
                string? runs = null;
                configuration?.Environment.TryGetValue("AURORA_RESTORE_PIPELINE_VERSION", out runs);
                if (runs != target.Version)
                {
                    problems.Add($"{function}: {LiveAliases.AliasName} {(alias == null ? "missing" : $"on version {alias.FunctionVersion}, which runs {runs ?? "(unknown)"}")}");
                }
            }

            var converger = new TableSchemaConverger(context.Services.DynamoDb, context.Log);
            problems.AddRange((await converger.DiffAsync(env.StateTableName, target.StateTable, cancellationToken).ConfigureAwait(false))
                .Concat(await converger.DiffAsync(env.AuditTableName, target.AuditTable, cancellationToken).ConfigureAwait(false))
                .Select(c => "index change still needed: " + c));

            var format = await ConfigurationFormatAsync(context, cancellationToken).ConfigureAwait(false);
            if (format.HasValue && format != target.ConfigFormat)
            {
                problems.Add($"configuration {env.ConfigurationParameterName} is format {format}, not {target.ConfigFormat}");
            }

            var wanted = target.Alarms.Select(a => env.AlarmName(a.Suffix)).ToList();
            var alarms = await context.Services.CloudWatch.DescribeAlarmsAsync(wanted, null, cancellationToken).ConfigureAwait(false);
            problems.AddRange(wanted.Except(alarms.Select(a => a.AlarmName)).Select(a => "alarm missing: " + a));

            if (problems.Count > 0)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradeVerificationFailed, FailureCategory.InvalidResult, env.Name,
                    $"After the upgrade to {target.Version}, environment '{env.Name}' is not what {target.Version} deploys: {string.Join("; ", problems)}.",
                    "Someone may have changed the environment meanwhile: repair what is named and run the upgrade again (it re-checks), or roll back with Undo-RestoreUpgrade.");
            }

            entry.Set("verified_version", target.Version);
            return $"environment '{env.Name}' runs {target.Version}: stacks, {target.Functions.Count} live aliases, indexes, configuration and {wanted.Count} alarms checked";
        }

        private static async Task<int?> ConfigurationFormatAsync(UpgradeStepContext context, CancellationToken cancellationToken)
        {
            try
            {
                var value = (await context.Services.Ssm.GetParameterAsync(new GetParameterRequest { Name = context.Environment.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false)).Parameter.Value;
                return JsonNode.Parse(value) is JsonObject document ? ConfigurationSchema.FormatOf(document) : null;
            }
            catch (ParameterNotFoundException)
            {
                return null;
            }
        }
    }
}
