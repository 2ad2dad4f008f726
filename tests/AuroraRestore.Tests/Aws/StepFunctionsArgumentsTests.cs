using System;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Common;
using Xunit;

using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>Bad Step Functions arguments fail with a stable ErrorId before anything is sent (the scripted handler sees no request).</summary>
    public sealed class StepFunctionsArgumentsTests
    {
        private const string Machine = "arn:aws:states:us-east-1:123456789012:stateMachine:machine";
        private const string Execution = "arn:aws:states:us-east-1:123456789012:execution:machine:run-1";
        private const string Definition = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";

        public static TheoryData<string, Func<IStepFunctionsClient, Task>> BadCalls => new TheoryData<string, Func<IStepFunctionsClient, Task>>
        {
            { "InvalidStateMachineArn", c => c.DescribeStateMachineAsync("machine", CancellationToken.None) },
            { "InvalidStateMachineArn", c => c.DescribeStateMachineAsync(Execution, CancellationToken.None) },
            { "InvalidStateMachineArn", c => c.UpdateStateMachineAsync("arn:aws:states:us-east-1:12345:stateMachine:m", Definition, CancellationToken.None) },
            { "InvalidStateMachineArn", c => c.ListExecutionsAsync(string.Empty, null, CancellationToken.None) },
            { "InvalidStateMachineDefinition", c => c.UpdateStateMachineAsync(Machine, "{not json", CancellationToken.None) },
            { "InvalidStateMachineDefinition", c => c.UpdateStateMachineAsync(Machine, "[]", CancellationToken.None) },
            { "InvalidStateMachineDefinition", c => c.UpdateStateMachineAsync(Machine, "{\"States\":{}}", CancellationToken.None) },
            { "InvalidExecutionName", c => c.StartExecutionAsync(Machine, string.Empty, "{}", CancellationToken.None) },
            { "InvalidExecutionName", c => c.StartExecutionAsync(Machine, "restore 42", "{}", CancellationToken.None) },
            { "InvalidExecutionName", c => c.StartExecutionAsync(Machine, "restore:42", "{}", CancellationToken.None) },
            { "InvalidExecutionName", c => c.StartExecutionAsync(Machine, "tab\tname", "{}", CancellationToken.None) },
            { "InvalidExecutionName", c => c.StartExecutionAsync(Machine, new string('n', 81), "{}", CancellationToken.None) },
            { "InvalidExecutionInput", c => c.StartExecutionAsync(Machine, "run-1", "{\"a\":", CancellationToken.None) },
            { "InvalidExecutionInput", c => c.StartExecutionAsync(Machine, "run-1", "\"" + new string('x', 262144) + "\"", CancellationToken.None) },
            { "InvalidStateMachineArn", c => c.StartExecutionAsync("arn:aws:lambda:us-east-1:123456789012:function:f", "run-1", "{}", CancellationToken.None) },
            { "InvalidExecutionArn", c => c.DescribeExecutionAsync(Machine, CancellationToken.None) },
            { "InvalidExecutionArn", c => c.StopExecutionAsync("run-1", null, null, CancellationToken.None) },
            { "InvalidExecutionStopReason", c => c.StopExecutionAsync(Execution, new string('e', 257), null, CancellationToken.None) },
            { "InvalidExecutionStopReason", c => c.StopExecutionAsync(Execution, null, new string('c', 32769), CancellationToken.None) },
            { "InvalidExecutionStatusFilter", c => c.ListExecutionsAsync(Machine, "running", CancellationToken.None) },
        };

        [Theory]
        [MemberData(nameof(BadCalls))]
        public async Task A_bad_argument_is_refused_before_any_request(string errorId, Func<IStepFunctionsClient, Task> call)
        {
            var handler = new ScriptedHttpHandler();
            using var client = new StepFunctionsClient(AwsTransportRetryTests.ContextFor(handler, new AwsRetryPolicy()));

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => call(client));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public void Errors_about_inputs_and_definitions_never_repeat_their_content()
        {
            const string secret = "{\"password\":\"hunter2\"";
            var input = Assert.Throws<AuroraRestoreException>(() => StepFunctionsArguments.ExecutionInput(secret));
            var definition = Assert.Throws<AuroraRestoreException>(() => StepFunctionsArguments.Definition(secret));

            foreach (var error in new[] { input, definition })
            {
                Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
                Assert.Null(error.Target);
            }
        }

        [Fact]
        public void A_page_size_outside_1_to_1000_is_refused()
        {
            using var client = new StepFunctionsClient(AwsTransportRetryTests.ContextFor(new ScriptedHttpHandler(), new AwsRetryPolicy()));
            Assert.Throws<ArgumentOutOfRangeException>(() => client.ListPageSize = 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => client.ListPageSize = 1001);
        }
    }
}
