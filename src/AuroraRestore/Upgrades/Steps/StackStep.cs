using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// Updates the IAM or the main stack to the hop's template and parameters (<see cref="StackUpdate"/>) and waits for
    /// it, reporting the stack's events on failure. Before the update the journal gets what a rollback needs: the
    /// deployed template's SHA-256 and body, the backup set file and catalog version that hold it, the version, and the
    /// parameters without NoEcho values (those are kept with UsePreviousValue, never read).
    /// </summary>
    internal sealed class StackStep : UpgradeStep
    {
        private const int MaxJournaledTemplateChars = 300_000;
        private readonly bool iam;

        public StackStep(bool iam)
        {
            this.iam = iam;
        }

        public override string Name => iam ? UpgradeStepNames.IamStack : UpgradeStepNames.MainStack;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var env = context.Environment;
            var target = context.Catalog.Get(hop!.To);
            var stackName = iam ? env.IamStackName : env.MainStackName;
            var stack = await SettledAsync(context, stackName, cancellationToken).ConfigureAwait(false);
            if (!StackWaiter.IsStable(stack.StackStatus))
            {
                throw Preflight.NotStable(stack);
            }

            var declared = iam ? target.IamTemplateParameters : target.MainTemplateParameters;
            var body = await context.Services.CloudFormation.GetTemplateAsync(stack.StackName, cancellationToken).ConfigureAwait(false);
            var noEcho = StackUpdate.NoEchoParameters(TemplateDiff.Parse(stack.StackName, body), declared);
            if (!entry.Has("previous_template_sha256"))
            {
                await RecordPreviousAsync(context, stack, body, noEcho, entry, cancellationToken).ConfigureAwait(false);
            }

            IDictionary<string, string> values;
            if (iam)
            {
                values = PipelineStackParameters.ForIamStack(env, target);
            }
            else
            {
                var package = context.EarlierStep(hop.ToString(), UpgradeStepNames.LambdaPackage);
                var roles = await context.RequireStackAsync(env.IamStackName, cancellationToken).ConfigureAwait(false);
                values = PipelineStackParameters.ForMainStack(
                    env, target, package.GetString("artifact_bucket")!, package.GetString("artifact_key")!,
                    UpgradeStepContext.Output(roles, "LambdaRoleArn"), UpgradeStepContext.Output(roles, "StateMachineRoleArn"));
            }

            var request = StackUpdate.Request(stackName, iam ? target.IamTemplateBody : target.MainTemplateBody, values, declared, stack.Parameters, noEcho, env, target.Version);
            var started = context.Now;
            var updated = await context.Services.CloudFormation.UpdateStackAsync(request, cancellationToken).ConfigureAwait(false);
            if (updated != null)
            {
                stack = await context.Waiter.WaitForCompleteAsync(stackName, started, cancellationToken).ConfigureAwait(false);
            }

            entry.Set("template_sha256", UpgradePlanFile.Sha256(request.TemplateBody));
            entry.Set("version", target.Version);
            entry.Set("stack_status", stack.StackStatus);
            entry.SetList("previous_value_parameters", request.PreviousValueParameters);
            var previous = entry.GetString("previous_version") ?? "(unknown)";
            return updated == null
                ? $"{stackName} already at {target.Version} (no update needed)"
                : $"{stackName} {previous} -> {target.Version} ({stack.StackStatus})";
        }

        /// <summary>Waits out an operation still in progress (an interrupted run's update), then returns the stack.</summary>
        private static async Task<StackDescription> SettledAsync(UpgradeStepContext context, string stackName, CancellationToken cancellationToken)
        {
            var deadline = context.Now + context.Options.StackTimeout;
            while (true)
            {
                var stack = await context.RequireStackAsync(stackName, cancellationToken).ConfigureAwait(false);
                if (!stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) || context.Now > deadline)
                {
                    return stack;
                }

                context.Log.Verbose($"Stack {stackName} is {stack.StackStatus}; waiting for it to settle");
                await Task.Delay(context.Options.StackPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task RecordPreviousAsync(UpgradeStepContext context, StackDescription stack, string body, ISet<string> noEcho, JournalEntry entry, CancellationToken cancellationToken)
        {
            var sha = UpgradePlanFile.Sha256(body);
            entry.Set("previous_template_sha256", sha);
            if (body.Length <= MaxJournaledTemplateChars)
            {
                entry.Set("previous_template_body", body);
            }

            var backupFiles = context.EarlierStep(null, UpgradeStepNames.Backup).GetMap("backup_files");
            entry.Set("previous_template_file", backupFiles.Where(f => string.Equals(f.Value, sha, StringComparison.OrdinalIgnoreCase)).Select(f => f.Key).FirstOrDefault());
            entry.Set("previous_template_version", context.Catalog.Versions
                .Where(v => UpgradePlanFile.Sha256(stack.StackName == context.Environment.IamStackName ? v.IamTemplateBody : v.MainTemplateBody) == sha)
                .Select(v => v.Version).FirstOrDefault());
            stack.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var version);
            entry.Set("previous_version", version);
            entry.SetMap("previous_parameters", StackUpdate.Recordable(stack.Parameters, noEcho));
            entry.SetList("no_echo_parameters", noEcho.Where(stack.Parameters.ContainsKey));
            await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
