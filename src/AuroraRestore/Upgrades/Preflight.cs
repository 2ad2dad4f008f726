using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Security;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The checks before an upgrade (or a rollback) changes anything: the caller's permissions, the Lambda runtime of the
    /// templates it deploys, both stacks in a state an update can start from, and no restore in progress (the migration guide's completed = false scan), optionally waiting for
    /// running restores to end. Each refusal has its own error id and says what to do.
    /// </summary>
    public sealed class Preflight
    {
        private readonly UpgradeServices services;
        private readonly UpgradeOptions options;

        public Preflight(UpgradeServices services, UpgradeOptions options)
        {
            this.services = services;
            this.options = options;
        }

        /// <exception cref="AuroraRestoreException">UpgradePermissionsMissing, listing the actions and resources.</exception>
        public async Task<PermissionReport> CheckPermissionsAsync(PipelineEnvironment env, PipelineVersionDefinition target, CancellationToken cancellationToken)
        {
            var identity = await services.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            var partition = identity.Arn.Split(':').ElementAtOrDefault(1) ?? "aws";
            var required = UpgradePermissions.For(env, partition, services.Region, identity.Account, target.Functions);
            var checker = new CallerPermissionChecker(services.Sts, services.Iam, services.IamSimulator, services.CustomEndpoint, services.Log);
            var report = await checker.CheckAsync(required, cancellationToken).ConfigureAwait(false);
            if (!report.Allowed)
            {
                var missing = report.Missing.Select(m => $"{m.Action} on {m.Resource}").ToList();
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradePermissionsMissing, FailureCategory.PermissionDenied, report.CallerArn,
                    $"{report.CallerArn} may not make {missing.Count} of the calls the upgrade needs ({report.Method}): {string.Join("; ", missing.Take(20))}{(missing.Count > 20 ? "; ..." : string.Empty)}.",
                    "Grant these actions on these resources (docs/upgrades.md lists the upgrade's permissions), or run the upgrade with credentials that have them.");
            }

            return report;
        }

        /// <summary>
        /// The Lambda runtime of a main-stack template this run is about to put in place (an upgrade hop's, or the one a
        /// rollback puts back), against the dates AWS announced (<see cref="LambdaRuntimeLifecycle"/>): the stack update
        /// moves the functions onto it, so AWS refuses it from the runtime's update-block date. A deprecated runtime AWS
        /// still accepts gives a warning.
        /// </summary>
        /// <exception cref="AuroraRestoreException">LambdaRuntimeRetired naming the runtime, the date and <paramref name="recommendedAction"/>.</exception>
        public void CheckLambdaRuntime(string templateBody, string templateName, string operation, string recommendedAction)
        {
            foreach (var warning in LambdaRuntimeLifecycle.Require(templateBody, templateName, LambdaRuntimeChange.Update, services.Clock.GetUtcNow(), operation, recommendedAction))
            {
                services.Log.Warning(warning);
            }
        }

        /// <summary>Both stacks exist and are stable; with <paramref name="resuming"/>, a stack still updating from the interrupted run is accepted (its step waits).</summary>
        /// <exception cref="AuroraRestoreException">StackNotStable naming the stack and its status.</exception>
        public async Task<string> CheckStacksAsync(PipelineEnvironment env, bool resuming, CancellationToken cancellationToken)
        {
            var states = new List<string>();
            foreach (var name in new[] { env.IamStackName, env.MainStackName })
            {
                var stack = await services.CloudFormation.DescribeStackAsync(name, cancellationToken).ConfigureAwait(false);
                if (stack == null)
                {
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.PipelineNotInstalled, FailureCategory.ObjectNotFound, name,
                        $"Stack {name} of environment '{env.Name}' does not exist: there is no complete pipeline to upgrade.",
                        "Install the pipeline with Install-RestorePipeline (or finish an interrupted install by running it again).");
                }

                var inProgress = stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && !stack.StackStatus.Contains("ROLLBACK");
                if (!StackWaiter.IsStable(stack.StackStatus) && !(resuming && inProgress))
                {
                    throw NotStable(stack);
                }

                states.Add($"{name} {stack.StackStatus}");
            }

            return string.Join(", ", states);
        }

        /// <summary>
        /// The restores in progress (completed = false). None: fine. Some: without <paramref name="drainTimeout"/> the
        /// upgrade is refused (OperationsInProgress); with it, waits for them to end (DrainTimedOut when they do not).
        /// </summary>
        public async Task<string> DrainAsync(PipelineEnvironment env, TimeSpan? drainTimeout, CancellationToken cancellationToken)
        {
            var started = services.Clock.GetUtcNow();
            var running = await InProgressAsync(env.StateTableName, cancellationToken).ConfigureAwait(false);
            if (running.Count == 0)
            {
                return "no restore in progress";
            }

            if (drainTimeout == null)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.OperationsInProgress, FailureCategory.ResourceBusy, env.Name,
                    $"{running.Count} restore(s) of environment '{env.Name}' are in progress: {Describe(running)}.",
                    "Let them finish (Wait-AuroraRestore) or stop them (Stop-AuroraRestore), or pass -DrainTimeout to have the upgrade wait for them.");
            }

            var deadline = started + drainTimeout.Value;
            while (true)
            {
                services.Log.Progress(new ProgressReport(UpgradeEngine.ProgressActivityId + 1, "Waiting for restores in progress", $"{running.Count} in progress: {Describe(running)}", -1, UpgradeEngine.ProgressActivityId));
                if (services.Clock.GetUtcNow() >= deadline)
                {
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.DrainTimedOut, FailureCategory.OperationTimeout, env.Name,
                        $"{running.Count} restore(s) of environment '{env.Name}' were still in progress after {drainTimeout.Value.TotalSeconds:0} s: {Describe(running)}.",
                        "Wait longer (a larger -DrainTimeout), or stop them with Stop-AuroraRestore, then run the upgrade again.");
                }

                var wait = deadline - services.Clock.GetUtcNow();
                await Task.Delay(wait < options.DrainPollInterval ? (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : options.DrainPollInterval, cancellationToken).ConfigureAwait(false);
                running = await InProgressAsync(env.StateTableName, cancellationToken).ConfigureAwait(false);
                if (running.Count == 0)
                {
                    services.Log.Progress(new ProgressReport(UpgradeEngine.ProgressActivityId + 1, "Waiting for restores in progress", "Done", 100, UpgradeEngine.ProgressActivityId, completed: true));
                    return $"waited {(services.Clock.GetUtcNow() - started).TotalSeconds:0} s for the restores in progress to end";
                }
            }
        }

        private static string Describe(IReadOnlyList<string> operations) => string.Join(", ", operations.Take(10)) + (operations.Count > 10 ? ", ..." : string.Empty);

        internal static AuroraRestoreException NotStable(StackDescription stack)
        {
            var action = stack.StackStatus == "UPDATE_ROLLBACK_FAILED"
                ? $"Continue the rollback (aws cloudformation continue-update-rollback --stack-name {stack.StackName}), skipping the resources it names if needed; once the stack is UPDATE_ROLLBACK_COMPLETE, run the upgrade again."
                : stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal)
                    ? "Wait until the stack operation in progress has ended, then run the upgrade again."
                    : "Repair the stack in the CloudFormation console (its events name the cause), then run the upgrade again.";
            return new AuroraRestoreException(
                UpgradeErrorIds.StackNotStable, FailureCategory.ResourceUnavailable, stack.StackName,
                $"Stack {stack.StackName} is {stack.StackStatus}{(string.IsNullOrEmpty(stack.StackStatusReason) ? string.Empty : " (" + stack.StackStatusReason + ")")}: an update cannot start from it.",
                action);
        }

        /// <summary>The guide's check: operations with completed = false (every state format has the attribute).</summary>
        private async Task<IReadOnlyList<string>> InProgressAsync(string tableName, CancellationToken cancellationToken)
        {
            var ids = new List<string>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                services.Log.Verbose($"DynamoDB Scan {tableName} (completed = false)");
                var page = await services.DynamoDb.ScanAsync(new ScanRequest
                {
                    TableName = tableName,
                    FilterExpression = "completed = :false",
                    ProjectionExpression = "operation_id",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":false"] = new AttributeValue { BOOL = false } },
                    ExclusiveStartKey = start,
                }, cancellationToken).ConfigureAwait(false);
                ids.AddRange((page.Items ?? new List<Dictionary<string, AttributeValue>>()).Select(i => i.TryGetValue("operation_id", out var id) ? id.S ?? "?" : "?"));
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return ids;
        }
    }
}
