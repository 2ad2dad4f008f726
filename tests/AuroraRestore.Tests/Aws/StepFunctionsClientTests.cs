using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// Wire fidelity of <see cref="StepFunctionsClient"/> against moto: state machines are created with the AWS CLI,
    /// our answers are compared with the CLI's field by field, and our changes are observed through the CLI.
    /// moto never runs an execution (moto-notes.md): a started execution stays RUNNING until stopped, and the tests
    /// assert exactly that rather than enabling moto's execution simulation.
    /// </summary>
    public sealed class StepFunctionsClientTests : IClassFixture<MotoServer>
    {
        private const string RoleArn = "arn:aws:iam::123456789012:role/aurora-restore-states";
        private const string PassDefinition = "{\"StartAt\":\"Restore\",\"States\":{\"Restore\":{\"Type\":\"Pass\",\"End\":true}}}";
        private const string WaitDefinition = "{\"Comment\":\"2.0.0\",\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":5,\"End\":true}}}";

        private readonly MotoServer moto;

        public StepFunctionsClientTests(MotoServer moto) => this.moto = moto;

        private StepFunctionsClient NewClient() => new StepFunctionsClient(TestContexts.For(moto));

        private JsonNode Cli(params string[] args) => AwsCli.Json(moto, args)!;

        private string CreateStateMachine(string prefix)
        {
            var name = prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            return (string)Cli("stepfunctions", "create-state-machine", "--name", name, "--definition", PassDefinition, "--role-arn", RoleArn)["stateMachineArn"]!;
        }

        private static string ArnOfMissing(string kind) => $"arn:aws:states:us-east-1:123456789012:{kind}:missing-{Guid.NewGuid():N}" + (kind == "execution" ? ":run" : string.Empty);

        /// <summary>
        /// A timestamp as the CLI prints it: AWS CLI v1 passes the wire's epoch seconds through as a number, v2 prints
        /// ISO 8601 text. Parsed here independently of the client (through a double, not the client's decimal).
        /// </summary>
        private static DateTimeOffset? CliTime(JsonNode? value)
        {
            if (value == null)
            {
                return null;
            }

            return value.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? DateTimeOffset.UnixEpoch.AddSeconds((double)value)
                : DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);
        }

        /// <summary>Equal to the millisecond (the wire carries milliseconds; a double may be a tick off).</summary>
        private static void AssertSameTime(DateTimeOffset? expected, DateTimeOffset? actual)
        {
            Assert.Equal(expected.HasValue, actual.HasValue);
            if (expected.HasValue)
            {
                Assert.True(Math.Abs((expected.Value - actual!.Value).TotalMilliseconds) < 0.5, $"expected {expected:O}, got {actual:O}");
            }
        }

        private static void AssertSameExecution(JsonNode cli, ExecutionDescription ours)
        {
            Assert.Equal((string?)cli["executionArn"], ours.ExecutionArn);
            Assert.Equal((string?)cli["stateMachineArn"], ours.StateMachineArn);
            Assert.Equal((string?)cli["name"], ours.Name);
            Assert.Equal((string?)cli["status"], ours.Status);
            AssertSameTime(CliTime(cli["startDate"]), ours.StartDate);
            AssertSameTime(CliTime(cli["stopDate"]), ours.StopDate);
        }

        private static void AssertSameDescribedExecution(JsonNode cli, ExecutionDescription ours)
        {
            AssertSameExecution(cli, ours);
            Assert.Equal((string?)cli["input"], ours.Input);
            Assert.Equal((string?)cli["output"], ours.Output);
            Assert.Equal((string?)cli["error"], ours.Error);
            Assert.Equal((string?)cli["cause"], ours.Cause);
        }

        [Fact]
        public async Task DescribeStateMachine_matches_the_AWS_CLI()
        {
            var arn = CreateStateMachine("describe");
            using var client = NewClient();

            var ours = await client.DescribeStateMachineAsync(arn, CancellationToken.None);
            var cli = Cli("stepfunctions", "describe-state-machine", "--state-machine-arn", arn);

            Assert.NotNull(ours);
            Assert.Equal((string?)cli["stateMachineArn"], ours!.StateMachineArn);
            Assert.Equal((string?)cli["name"], ours.Name);
            Assert.Equal((string?)cli["status"], ours.Status);
            Assert.Equal((string?)cli["definition"], ours.Definition);
            Assert.Equal((string?)cli["roleArn"], ours.RoleArn);
            Assert.Equal((string?)cli["type"], ours.Type);
            Assert.Equal((string?)cli["revisionId"], ours.RevisionId);
            AssertSameTime(CliTime(cli["creationDate"]), ours.CreationDate);
            Assert.Equal(PassDefinition, ours.Definition);
            Assert.Equal("ACTIVE", ours.Status);
        }

        [Fact]
        public async Task DescribeStateMachine_of_a_missing_state_machine_is_null()
        {
            using var client = NewClient();
            Assert.Null(await client.DescribeStateMachineAsync(ArnOfMissing("stateMachine"), CancellationToken.None));
        }

        [Fact]
        public async Task UpdateStateMachine_changes_the_definition_the_AWS_CLI_sees_and_keeps_the_ARN_and_role()
        {
            var arn = CreateStateMachine("update");
            using var client = NewClient();

            await client.UpdateStateMachineAsync(arn, WaitDefinition, CancellationToken.None);

            var cli = Cli("stepfunctions", "describe-state-machine", "--state-machine-arn", arn);
            Assert.Equal(WaitDefinition, (string?)cli["definition"]);
            Assert.Equal(arn, (string?)cli["stateMachineArn"]);
            Assert.Equal(RoleArn, (string?)cli["roleArn"]);
            Assert.Equal(WaitDefinition, (await client.DescribeStateMachineAsync(arn, CancellationToken.None))!.Definition);
        }

        [Fact]
        public async Task UpdateStateMachine_of_a_missing_state_machine_fails_with_StateMachineDoesNotExist()
        {
            using var client = NewClient();

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.UpdateStateMachineAsync(ArnOfMissing("stateMachine"), WaitDefinition, CancellationToken.None));

            Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
            Assert.Equal("StepFunctions", error.Service);
            Assert.Equal("UpdateStateMachine", error.Operation);
        }

        [Fact]
        public async Task StartExecution_and_DescribeExecution_match_the_AWS_CLI_and_moto_keeps_the_execution_RUNNING()
        {
            var arn = CreateStateMachine("start");
            using var client = NewClient();

            var executionArn = await client.StartExecutionAsync(arn, "restore-42", "{\"clusterId\":\"orders\",\"pitr\":true}", CancellationToken.None);
            var ours = await client.DescribeExecutionAsync(executionArn, CancellationToken.None);
            var cli = Cli("stepfunctions", "describe-execution", "--execution-arn", executionArn);

            Assert.NotNull(ours);
            AssertSameDescribedExecution(cli, ours!);
            Assert.Equal("RUNNING", ours!.Status);
            Assert.Equal("restore-42", ours.Name);
            Assert.Equal(arn, ours.StateMachineArn);
            Assert.Equal("{\"clusterId\":\"orders\",\"pitr\":true}", ours.Input);
            Assert.Null(ours.StopDate);
            Assert.NotNull(ours.StartDate);
        }

        [Fact]
        public async Task Starting_the_same_name_again_with_another_input_fails_with_ExecutionAlreadyExists()
        {
            var arn = CreateStateMachine("duplicate");
            using var client = NewClient();
            await client.StartExecutionAsync(arn, "restore-1", "{\"attempt\":1}", CancellationToken.None);

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.StartExecutionAsync(arn, "restore-1", "{\"attempt\":2}", CancellationToken.None));

            Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
            var executions = Cli("stepfunctions", "list-executions", "--state-machine-arn", arn)["executions"]!.AsArray();
            Assert.Single(executions);
        }

        [Fact]
        public async Task StartExecution_on_a_missing_state_machine_fails_with_StateMachineDoesNotExist()
        {
            using var client = NewClient();

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.StartExecutionAsync(ArnOfMissing("stateMachine"), "restore-1", "{}", CancellationToken.None));

            Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
        }

        [Fact]
        public async Task StopExecution_aborts_the_execution_as_the_AWS_CLI_sees_it()
        {
            var arn = CreateStateMachine("stop");
            using var client = NewClient();
            var executionArn = await client.StartExecutionAsync(arn, "restore-7", "{}", CancellationToken.None);

            await client.StopExecutionAsync(executionArn, "UpgradeInProgress", "stopped by Start-RestoreUpgrade", CancellationToken.None);

            var cli = Cli("stepfunctions", "describe-execution", "--execution-arn", executionArn);
            Assert.Equal("ABORTED", (string?)cli["status"]);
            Assert.NotNull(CliTime(cli["stopDate"]));
            var ours = await client.DescribeExecutionAsync(executionArn, CancellationToken.None);
            AssertSameDescribedExecution(cli, ours!);
        }

        [Fact]
        public async Task DescribeExecution_of_a_missing_execution_is_null()
        {
            using var client = NewClient();
            Assert.Null(await client.DescribeExecutionAsync(ArnOfMissing("execution"), CancellationToken.None));
        }

        [Fact]
        public async Task ListExecutions_reads_every_page_and_matches_the_AWS_CLI_with_and_without_a_status_filter()
        {
            var arn = CreateStateMachine("list");
            var log = new RecordingOperationLog();
            using var client = new StepFunctionsClient(TestContexts.For(moto, log: log)) { ListPageSize = 2 };
            var started = new string[5];
            for (var i = 0; i < started.Length; i++)
            {
                started[i] = await client.StartExecutionAsync(arn, "restore-" + i, "{}", CancellationToken.None);
            }

            await client.StopExecutionAsync(started[1], null, null, CancellationToken.None);
            await client.StopExecutionAsync(started[3], null, null, CancellationToken.None);

            foreach (var filter in new[] { null, "RUNNING", "ABORTED" })
            {
                var pagesBefore = log.Lines.Count(l => l.Contains("ListExecutions", StringComparison.Ordinal));
                var ours = await client.ListExecutionsAsync(arn, filter, CancellationToken.None);
                var pages = log.Lines.Count(l => l.Contains("ListExecutions", StringComparison.Ordinal)) - pagesBefore;
                var cli = (filter == null
                    ? Cli("stepfunctions", "list-executions", "--state-machine-arn", arn)
                    : Cli("stepfunctions", "list-executions", "--state-machine-arn", arn, "--status-filter", filter))["executions"]!.AsArray();

                Assert.Equal(cli.Count, ours.Count);
                for (var i = 0; i < cli.Count; i++)
                {
                    AssertSameExecution(cli[i]!, ours[i]);
                }

                var expected = filter switch
                {
                    "RUNNING" => new[] { started[0], started[2], started[4] },
                    "ABORTED" => new[] { started[1], started[3] },
                    _ => started,
                };
                Assert.Equal(expected.OrderBy(a => a, StringComparer.Ordinal), ours.Select(e => e.ExecutionArn).OrderBy(a => a, StringComparer.Ordinal));
                Assert.Equal((expected.Length + 1) / 2, pages);
            }
        }
    }
}
