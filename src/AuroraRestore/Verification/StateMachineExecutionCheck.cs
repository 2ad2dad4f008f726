using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using AuroraRestore.Aws;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// "Step Functions executions can be initiated successfully": the state machine exists, is ACTIVE and runs the
    /// expected version's definition; an execution named <c>verify-&lt;id&gt;</c> starts and can be described; it is stopped
    /// straight away and any records its first step wrote are removed. (moto keeps executions RUNNING: started and readable is a pass.)
    /// </summary>
    public sealed class StateMachineExecutionCheck
    {
        private readonly IStepFunctionsClient stepFunctions;
        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;

        public StateMachineExecutionCheck(IStepFunctionsClient stepFunctions, IAmazonDynamoDB dynamoDb, IOperationLog log)
        {
            this.stepFunctions = stepFunctions;
            this.dynamoDb = dynamoDb;
            this.log = log;
        }

        public async Task<PipelineCheck> RunAsync(VerificationTarget target, CancellationToken cancellationToken)
        {
            const string Fix = "Repair the main stack: run the install, upgrade or rollback that left it this way again, or Remove-RestorePipeline and install again (the tables are kept only if backed up first).";
            var arn = target.Output("StateMachineArn");
            if (arn == null)
            {
                return PipelineCheck.Fail(CheckNames.StateMachineExecution, target, new[] { $"stack {target.MainStack.StackName} has no StateMachineArn output" }, Fix);
            }

            var machine = await stepFunctions.DescribeStateMachineAsync(arn, cancellationToken).ConfigureAwait(false);
            if (machine == null)
            {
                return PipelineCheck.Fail(CheckNames.StateMachineExecution, target, new[] { $"state machine {arn} does not exist" }, Fix);
            }

            var problems = new List<string>();
            if (machine.Status != "ACTIVE")
            {
                problems.Add($"state machine {machine.Name} is {machine.Status}");
            }

            var definitionProblem = CompareDefinition(target, arn, machine.Definition);
            if (definitionProblem != null)
            {
                problems.Add(definitionProblem);
            }

            var name = "verify-" + target.VerificationId;
            var input = new JsonObject { ["operation_id"] = name, ["verification"] = true }.ToJsonString();
            string? executionArn = null;
            string? status = null;
            try
            {
                executionArn = await stepFunctions.StartExecutionAsync(arn, name, input, cancellationToken).ConfigureAwait(false);
                var execution = await stepFunctions.DescribeExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false);
                status = execution?.Status;
                if (execution == null)
                {
                    problems.Add($"execution {name} was started but cannot be described");
                }
            }
            catch (AwsServiceException ex)
            {
                problems.Add($"an execution cannot be started: {ex.ErrorCode}: {ex.Message}");
            }
            finally
            {
                await CleanUpAsync(target, executionArn, name).ConfigureAwait(false);
            }

            return PipelineCheck.FromProblems(
                CheckNames.StateMachineExecution, target, problems,
                $"State machine {machine.Name} is ACTIVE with the {target.Version.Version} definition; execution {name} started ({status}), was read back and stopped.",
                Fix);
        }

        private static string? CompareDefinition(VerificationTarget target, string arn, string deployed)
        {
            // arn:<partition>:states:<region>:<account>:stateMachine:<name>
            var parts = arn.Split(':');
            if (parts.Length < 7)
            {
                return $"state machine ARN {arn} is not a Step Functions ARN";
            }

            try
            {
                var expected = target.Version.StateMachineDefinition(target.Environment, parts[1], parts[3], parts[4]);
                return JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(deployed))
                    ? null
                    : $"the state machine's definition is not the one {target.Version.Version} deploys";
            }
            catch (System.Text.Json.JsonException ex)
            {
                return "the state machine's definition is not JSON: " + ex.Message;
            }
            catch (AuroraRestoreException ex)
            {
                return ex.Message;
            }
        }

        /// <summary>Stops the probe and removes what its first step may have written, even when the check was cancelled.</summary>
        private async Task CleanUpAsync(VerificationTarget target, string? executionArn, string operationId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            if (executionArn != null)
            {
                try
                {
                    var execution = await stepFunctions.DescribeExecutionAsync(executionArn, timeout.Token).ConfigureAwait(false);
                    if (execution?.Status == "RUNNING")
                    {
                        await stepFunctions.StopExecutionAsync(executionArn, "Verification", "Test-RestorePipeline probe: stopped once it was seen running", timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (AwsServiceException ex)
                {
                    log.Warning($"The probe execution {executionArn} could not be stopped ({ex.ErrorCode}: {ex.Message}); stop it with 'aws stepfunctions stop-execution'.");
                }
            }

            try
            {
                await ProbeRecords.RemoveAsync(dynamoDb, target.Environment, operationId, log, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException || ex is AwsServiceException)
            {
                log.Warning($"The records of the probe {operationId} could not be removed: {ex.Message}");
            }
        }
    }
}
