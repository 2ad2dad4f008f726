using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.StepFunctions
{
    /// <summary>
    /// Step Functions over JSON 1.0 (botocore: stepfunctions/2016-11-23, target prefix AWSStepFunctions, signing name states).
    /// Inputs, outputs and definitions can hold sensitive data: narration names ARNs and execution names only.
    /// </summary>
    public sealed class StepFunctionsClient : JsonServiceClient, IStepFunctionsClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("StepFunctions", "states", "states");

        private int listPageSize = 1000;

        public StepFunctionsClient(AwsContext context)
            : base(context, Endpoint, "AWSStepFunctions", "1.0")
        {
        }

        /// <summary>maxResults of each ListExecutions page (1 to 1000); every page is read whatever its size.</summary>
        public int ListPageSize
        {
            get => listPageSize;
            set => listPageSize = value >= 1 && value <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ListExecutions accepts 1 to 1000 results per page.");
        }

        public async Task<StateMachineDescription?> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken)
        {
            StepFunctionsArguments.StateMachineArn(stateMachineArn);
            try
            {
                var result = await InvokeAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = stateMachineArn }, stateMachineArn, cancellationToken).ConfigureAwait(false);
                return new StateMachineDescription
                {
                    StateMachineArn = Json.Text(result, "stateMachineArn") ?? string.Empty,
                    Name = Json.Text(result, "name") ?? string.Empty,
                    Status = Json.Text(result, "status") ?? string.Empty,
                    Definition = Json.Text(result, "definition") ?? string.Empty,
                    RoleArn = Json.Text(result, "roleArn") ?? string.Empty,
                    Type = Json.Text(result, "type"),
                    CreationDate = Json.EpochTime(result, "creationDate"),
                    RevisionId = Json.Text(result, "revisionId"),
                };
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "StateMachineDoesNotExist")
            {
                return null;
            }
        }

        /// <summary>Replaces the definition; the role and everything else stay. A missing state machine is an error here, not null.</summary>
        public async Task UpdateStateMachineAsync(string stateMachineArn, string definition, CancellationToken cancellationToken)
        {
            StepFunctionsArguments.StateMachineArn(stateMachineArn);
            StepFunctionsArguments.Definition(definition);
            await InvokeAsync("UpdateStateMachine", new JsonObject { ["stateMachineArn"] = stateMachineArn, ["definition"] = definition }, stateMachineArn, cancellationToken).ConfigureAwait(false);
        }

        /// <remarks>
        /// The name is required: for a standard workflow, a second start with the same name and input while the first
        /// is running returns that execution, which makes a retried start safe; once it has ended, or with another
        /// input, Step Functions answers ExecutionAlreadyExists.
        /// </remarks>
        public async Task<string> StartExecutionAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken)
        {
            StepFunctionsArguments.StateMachineArn(stateMachineArn);
            StepFunctionsArguments.ExecutionName(name);
            StepFunctionsArguments.ExecutionInput(input);
            var result = await InvokeAsync(
                "StartExecution",
                new JsonObject { ["stateMachineArn"] = stateMachineArn, ["name"] = name, ["input"] = input },
                $"{name} on {stateMachineArn}",
                cancellationToken).ConfigureAwait(false);
            var executionArn = Json.Text(result, "executionArn");
            if (string.IsNullOrEmpty(executionArn))
            {
                throw new AuroraRestoreException(
                    "StepFunctionsAnswerIncomplete", FailureCategory.InvalidResult, stateMachineArn,
                    $"Step Functions StartExecution for '{name}' succeeded but returned no executionArn.",
                    "List the state machine's executions to find it by name, and check the endpoint (-EndpointUrl) or any proxy in between.");
            }

            return executionArn!;
        }

        public async Task<ExecutionDescription?> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken)
        {
            StepFunctionsArguments.ExecutionArn(executionArn);
            try
            {
                var result = await InvokeAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, executionArn, cancellationToken).ConfigureAwait(false);
                var execution = ReadExecution(result);
                execution.Input = Json.Text(result, "input");
                execution.Output = Json.Text(result, "output");
                execution.Error = Json.Text(result, "error");
                execution.Cause = Json.Text(result, "cause");
                return execution;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ExecutionDoesNotExist")
            {
                return null;
            }
        }

        public async Task StopExecutionAsync(string executionArn, string? error, string? cause, CancellationToken cancellationToken)
        {
            StepFunctionsArguments.ExecutionArn(executionArn);
            StepFunctionsArguments.StopReason(error, cause);
            var payload = new JsonObject { ["executionArn"] = executionArn };
            if (error != null)
            {
                payload["error"] = error;
            }

            if (cause != null)
            {
                payload["cause"] = cause;
            }

            await InvokeAsync("StopExecution", payload, executionArn, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every execution (newest first, as Step Functions lists them), following nextToken across pages. No input or output: ListExecutions does not return them.</summary>
        public async Task<IReadOnlyList<ExecutionDescription>> ListExecutionsAsync(string stateMachineArn, string? statusFilter, CancellationToken cancellationToken)
        {
            StepFunctionsArguments.StateMachineArn(stateMachineArn);
            StepFunctionsArguments.StatusFilter(statusFilter);
            var executions = new List<ExecutionDescription>();
            var seenTokens = new HashSet<string>(StringComparer.Ordinal);
            string? nextToken = null;
            do
            {
                var payload = new JsonObject { ["stateMachineArn"] = stateMachineArn, ["maxResults"] = ListPageSize };
                if (statusFilter != null)
                {
                    payload["statusFilter"] = statusFilter;
                }

                if (nextToken != null)
                {
                    payload["nextToken"] = nextToken;
                }

                var narration = stateMachineArn + (statusFilter == null ? string.Empty : " status " + statusFilter) + (nextToken == null ? string.Empty : " (next page)");
                var result = await InvokeAsync("ListExecutions", payload, narration, cancellationToken).ConfigureAwait(false);
                foreach (var item in Json.Objects(result, "executions"))
                {
                    executions.Add(ReadExecution(item));
                }

                nextToken = Json.Text(result, "nextToken");
                if (!string.IsNullOrEmpty(nextToken) && !seenTokens.Add(nextToken!))
                {
                    // A token seen before would page for ever; better to stop loudly than to hang a restore.
                    throw new AuroraRestoreException(
                        "AwsPagingLoop", FailureCategory.InvalidResult, stateMachineArn,
                        $"Step Functions ListExecutions for '{stateMachineArn}' returned a nextToken it had already returned.",
                        "Run the command again; if it persists, check the endpoint (-EndpointUrl) or proxy in between.");
                }
            }
            while (!string.IsNullOrEmpty(nextToken));

            return executions;
        }

        private static ExecutionDescription ReadExecution(JsonObject json) => new ExecutionDescription
        {
            ExecutionArn = Json.Text(json, "executionArn") ?? string.Empty,
            StateMachineArn = Json.Text(json, "stateMachineArn") ?? string.Empty,
            Name = Json.Text(json, "name") ?? string.Empty,
            Status = Json.Text(json, "status") ?? string.Empty,
            StartDate = Json.EpochTime(json, "startDate"),
            StopDate = Json.EpochTime(json, "stopDate"),
        };
    }
}
