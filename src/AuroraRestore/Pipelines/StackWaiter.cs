using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// Waits for a stack operation to end. Every wait has a timeout: moto (and a stuck real stack) can stay
    /// *_IN_PROGRESS for ever, and the user must then learn the stack's status and its events rather than hang.
    /// </summary>
    public sealed class StackWaiter
    {
        private readonly ICloudFormationClient cloudFormation;
        private readonly IOperationLog log;
        private readonly TimeSpan pollInterval;
        private readonly TimeSpan timeout;

        public StackWaiter(ICloudFormationClient cloudFormation, IOperationLog log, TimeSpan? pollInterval = null, TimeSpan? timeout = null)
        {
            this.cloudFormation = cloudFormation;
            this.log = log;
            this.pollInterval = pollInterval ?? TimeSpan.FromSeconds(5);
            this.timeout = timeout ?? TimeSpan.FromMinutes(30);
        }

        /// <summary>Waits until the stack is CREATE_COMPLETE or UPDATE_COMPLETE; throws with the failure events otherwise.</summary>
        public async Task<StackDescription> WaitForCompleteAsync(string stackName, DateTimeOffset startedAt, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var stack = await cloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false)
                    ?? throw new AuroraRestoreException(
                        "StackOperationFailed", FailureCategory.InvalidResult, stackName,
                        $"Stack {stackName} disappeared while it was being created or updated.",
                        "Look at the stack's events in the CloudFormation console, then run the command again.");
                var status = stack.StackStatus;
                if (status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE")
                {
                    return stack;
                }

                if (IsFailed(status))
                {
                    throw await FailureAsync("StackOperationFailed", FailureCategory.InvalidResult, stack, startedAt,
                        "The stack operation failed", "Fix the cause named in the events, then run the command again; it resumes.", cancellationToken).ConfigureAwait(false);
                }

                if (clock.Elapsed >= timeout)
                {
                    throw await FailureAsync("StackOperationTimedOut", FailureCategory.OperationTimeout, stack, startedAt,
                        $"The stack did not finish within {timeout.TotalMinutes:0.#} min", "Look at the stack in the CloudFormation console; when it has finished, run the command again (it resumes), or raise -Timeout.", cancellationToken).ConfigureAwait(false);
                }

                log.Verbose($"Stack {stackName} is {status}; waiting {pollInterval.TotalSeconds:0.#} s");
                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Waits until the stack is gone (or DELETE_COMPLETE).</summary>
        public async Task WaitForDeletedAsync(string stackName, DateTimeOffset startedAt, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var stack = await cloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false);
                if (stack == null || stack.StackStatus == "DELETE_COMPLETE")
                {
                    return;
                }

                if (stack.StackStatus == "DELETE_FAILED")
                {
                    throw await FailureAsync("StackDeleteFailed", FailureCategory.InvalidResult, stack, startedAt,
                        "The stack could not be deleted", "Remove what blocks the deletion (named in the events), then run the command again.", cancellationToken).ConfigureAwait(false);
                }

                if (clock.Elapsed >= timeout)
                {
                    throw await FailureAsync("StackOperationTimedOut", FailureCategory.OperationTimeout, stack, startedAt,
                        $"The stack was not deleted within {timeout.TotalMinutes:0.#} min", "Look at the stack in the CloudFormation console, then run the command again.", cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        public static bool IsFailed(string status)
            => status.EndsWith("_FAILED", StringComparison.Ordinal)
            || status == "ROLLBACK_COMPLETE"
            || status == "UPDATE_ROLLBACK_COMPLETE"
            || status.Contains("ROLLBACK_IN_PROGRESS");

        /// <summary>Stable states in which a stack may be updated.</summary>
        public static bool IsStable(string status)
            => status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" || status == "UPDATE_ROLLBACK_COMPLETE" || status == "IMPORT_COMPLETE";

        private async Task<AuroraRestoreException> FailureAsync(string errorId, FailureCategory category, StackDescription stack, DateTimeOffset startedAt, string what, string action, CancellationToken cancellationToken)
        {
            IReadOnlyList<StackEvent> events;
            try
            {
                events = await cloudFormation.DescribeStackEventsAsync(stack.StackName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                events = Array.Empty<StackEvent>();
            }

            // Newest first from CloudFormation; show this operation's events oldest first, failures with their reasons.
            var relevant = events.Where(e => e.Timestamp >= startedAt.AddSeconds(-1)).Reverse().Take(20)
                .Select(e => $"  {e.Timestamp:u} {e.LogicalResourceId} {e.ResourceStatus}{(string.IsNullOrEmpty(e.ResourceStatusReason) ? string.Empty : ": " + e.ResourceStatusReason)}");
            var reason = string.IsNullOrEmpty(stack.StackStatusReason) ? string.Empty : $" ({stack.StackStatusReason})";
            var message = $"{what}: stack {stack.StackName} is {stack.StackStatus}{reason}. Events:{Environment.NewLine}{string.Join(Environment.NewLine, relevant)}";
            return new AuroraRestoreException(errorId, category, stack.StackName, message, action);
        }
    }
}
