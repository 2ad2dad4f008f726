using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// Puts the IAM or the main stack back to the template and parameters the upgrade step journaled before it changed
    /// the stack: the template body from the journal (or the catalog version, or the backup set file, whichever has the
    /// journaled SHA-256), the recorded parameter values, UsePreviousValue for the NoEcho ones (never read, never sent),
    /// the previous version tag. The main stack's parameters name the previous Lambda package in the artifact bucket, so
    /// $LATEST gets the older code and configuration back and the state machine its older definition.
    /// </summary>
    internal sealed class UndoStackStep : RollbackStep
    {
        private readonly bool iam;

        public UndoStackStep(bool iam)
        {
            this.iam = iam;
        }

        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var undone = context.Undone(step)!;
            var previousSha = undone.GetString("previous_template_sha256");
            var env = context.Environment;
            var stackName = iam ? env.IamStackName : env.MainStackName;
            if (previousSha == null)
            {
                return $"{stackName}: the upgrade step was stopped before it recorded the stack, so it changed nothing";
            }

            var stack = await SettledAsync(context, stackName, cancellationToken).ConfigureAwait(false);
            if (!StackWaiter.IsStable(stack.StackStatus))
            {
                throw Preflight.NotStable(stack);
            }

            var body = await PreviousBodyAsync(context, undone, previousSha, stackName, cancellationToken).ConfigureAwait(false);
            var version = undone.GetString("previous_version") ?? undone.GetString("previous_template_version") ?? step.UpgradeHop!.From;
            var request = new StackRequest(stackName, body);
            foreach (var parameter in undone.GetMap("previous_parameters"))
            {
                request.Parameters[parameter.Key] = parameter.Value;
            }

            foreach (var name in undone.GetList("no_echo_parameters").Where(stack.Parameters.ContainsKey))
            {
                // A NoEcho value (ChatOpsWebhookUrl) is never read or journaled: the stack keeps the one it has.
                request.PreviousValueParameters.Add(name);
            }

            request.Tags[PipelineVersionDefinition.VersionTagKey] = version;
            request.Tags[StackUpdate.EnvironmentTagKey] = env.Name;
            request.Capabilities.Add("CAPABILITY_IAM");
            request.Capabilities.Add("CAPABILITY_NAMED_IAM");
            var started = context.Now;
            var updated = await context.Services.CloudFormation.UpdateStackAsync(request, cancellationToken).ConfigureAwait(false);
            if (updated != null)
            {
                stack = await context.Waiter.WaitForCompleteAsync(stackName, started, cancellationToken).ConfigureAwait(false);
            }

            entry.Set("template_sha256", previousSha);
            entry.Set("version", version);
            entry.Set("stack_status", stack.StackStatus);
            entry.SetList("previous_value_parameters", request.PreviousValueParameters);
            return updated == null
                ? $"{stackName} already back at {version} (no update needed)"
                : $"{stackName} back to {version}: template {previousSha.Substring(0, 12)}, {request.Parameters.Count} parameters{(request.PreviousValueParameters.Count == 0 ? string.Empty : ", " + string.Join(", ", request.PreviousValueParameters) + " kept")} ({stack.StackStatus})";
        }

        /// <summary>Waits out an operation still in progress (a killed upgrade's or rollback's update), then returns the stack.</summary>
        private static async Task<StackDescription> SettledAsync(RollbackStepContext context, string stackName, CancellationToken cancellationToken)
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

        /// <summary>The template the stack ran before the upgrade: whichever copy has the journaled SHA-256.</summary>
        private static async Task<string> PreviousBodyAsync(RollbackStepContext context, JournalEntry undone, string sha, string stackName, CancellationToken cancellationToken)
        {
            bool Matches(string? candidate) => candidate != null && string.Equals(UpgradePlanFile.Sha256(candidate), sha, StringComparison.OrdinalIgnoreCase);

            var journaled = undone.GetString("previous_template_body");
            if (Matches(journaled))
            {
                return journaled!;
            }

            var version = undone.GetString("previous_template_version");
            if (version != null && context.Catalog.TryGet(version, out var definition))
            {
                var body = stackName == context.Environment.IamStackName ? definition.IamTemplateBody : definition.MainTemplateBody;
                if (Matches(body))
                {
                    return body;
                }
            }

            var file = undone.GetString("previous_template_file");
            var store = context.Preparation.BackupStore;
            if (file != null && store != null && context.Run.BackupName != null)
            {
                var bytes = await store.ReadAsync(context.Environment.Name, context.Run.BackupName, file, cancellationToken).ConfigureAwait(false);
                var text = bytes == null ? null : Encoding.UTF8.GetString(bytes);
                if (Matches(text))
                {
                    return text!;
                }
            }

            throw new AuroraRestoreException(
                RollbackErrorIds.PreviousTemplateUnavailable, FailureCategory.ObjectNotFound, stackName,
                $"No copy of the template {stackName} ran before the upgrade (SHA-256 {sha}) was found: not in the journal, not in the catalog{(file == null ? string.Empty : ", not as " + file + " in backup set " + context.Run.BackupName)}.",
                "Put the stack back by hand from a copy of its template (aws cloudformation update-stack), then run Undo-RestoreUpgrade again.");
        }
    }
}
