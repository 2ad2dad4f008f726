using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.StepFunctions;
using Xunit;

using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// Fault tolerance of the shared transport, driven through the JSON and REST-JSON clients with a scripted handler
    /// (no moto): what is retried, how often, what is not, and how JSON error answers become error codes.
    /// </summary>
    public sealed class AwsTransportRetryTests
    {
        private const string ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:machine:run-1";

        private const string ExecutionBody =
            "{\"executionArn\":\"" + ExecutionArn + "\",\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:machine\","
            + "\"name\":\"run-1\",\"status\":\"RUNNING\",\"startDate\":1714384800.125,\"input\":\"{}\"}";

        private const string FunctionBody = "{\"FunctionName\":\"f\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:f\",\"Version\":\"$LATEST\",\"CodeSha256\":\"abc=\",\"CodeSize\":10}";

        internal static AwsContext ContextFor(ScriptedHttpHandler handler, AwsRetryPolicy retry, AuroraRestore.Common.IOperationLog? log = null)
            => ScriptedHttpHandler.ContextFor(handler, retry, log);

        private static AwsRetryPolicy FastRetry(int maxAttempts = 8) => new AwsRetryPolicy(maxAttempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

        [Fact]
        public async Task Unavailable_throttled_and_ThrottlingException_answers_are_retried_and_counted_until_success()
        {
            var handler = new ScriptedHttpHandler()
                .Then(HttpStatusCode.ServiceUnavailable, "<html>503 Service Unavailable</html>")
                .Then((HttpStatusCode)429, "{\"__type\":\"com.amazonaws.swf.service.v2.model#TooManyRequestsException\",\"message\":\"slow down\"}")
                .Then(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate exceeded\"}")
                .Then(HttpStatusCode.OK, ExecutionBody);
            var retry = FastRetry();
            var log = new RecordingOperationLog();
            using var client = new StepFunctionsClient(ContextFor(handler, retry, log));

            var execution = await client.DescribeExecutionAsync(ExecutionArn, CancellationToken.None);

            Assert.NotNull(execution);
            Assert.Equal("RUNNING", execution!.Status);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1714384800125), execution.StartDate);
            Assert.Equal(4, handler.Requests.Count);
            Assert.Equal(3, retry.Retries);
            Assert.All(handler.Requests, r => Assert.Equal(handler.Requests[0].Body, r.Body));
            Assert.Contains(log.Lines, l => l.Contains("ThrottlingException, retrying", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_Lambda_429_with_an_x_amzn_ErrorType_header_is_retried()
        {
            var handler = new ScriptedHttpHandler()
                .Then((HttpStatusCode)429, "{\"Type\":\"User\",\"Message\":\"Rate exceeded\"}", ("x-amzn-ErrorType", "TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.service/"))
                .Then(HttpStatusCode.OK, FunctionBody);
            var retry = FastRetry();
            using var client = new LambdaClient(ContextFor(handler, retry));

            var configuration = await client.GetFunctionConfigurationAsync("f", null, CancellationToken.None);

            Assert.Equal("abc=", configuration!.CodeSha256);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal(1, retry.Retries);
        }

        [Fact]
        public async Task A_non_retryable_400_is_thrown_at_once_with_its_code()
        {
            var handler = new ScriptedHttpHandler()
                .Then(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.swf.service.v2.model#ValidationException\",\"message\":\"1 validation error detected\"}", ("x-amzn-RequestId", "req-123"))
                .Then(HttpStatusCode.OK, ExecutionBody);
            var retry = FastRetry();
            using var client = new StepFunctionsClient(ContextFor(handler, retry));

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeExecutionAsync(ExecutionArn, CancellationToken.None));

            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal("1 validation error detected", error.ServiceMessage);
            Assert.Equal("req-123", error.RequestId);
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Equal("StepFunctions", error.Service);
            Assert.Equal("DescribeExecution", error.Operation);
            Assert.Single(handler.Requests);
            Assert.Equal(0, retry.Retries);
        }

        [Fact]
        public async Task Retries_stop_after_MaxAttempts_and_the_last_error_is_thrown()
        {
            var handler = new ScriptedHttpHandler().Times(4, HttpStatusCode.ServiceUnavailable, "{\"__type\":\"ServiceUnavailable\",\"message\":\"try later\"}");
            var retry = FastRetry(maxAttempts: 4);
            using var client = new LambdaClient(ContextFor(handler, retry));

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.PublishVersionAsync("f", null, CancellationToken.None));

            Assert.Equal("ServiceUnavailable", error.ErrorCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal(4, handler.Requests.Count);
            Assert.Equal(3, retry.Retries);
        }

        [Theory]
        [InlineData(null, "{\"__type\":\"com.amazonaws.lambda#ResourceNotFoundException\",\"message\":\"m\"}", "ResourceNotFoundException")]
        [InlineData("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/", "{\"Type\":\"User\",\"Message\":\"m\"}", "ResourceNotFoundException")]
        [InlineData("ResourceConflictException", "{\"__type\":\"ResourceConflictException\",\"message\":\"m\"}", "ResourceConflictException")]
        [InlineData(null, "{\"__type\":\"ExecutionDoesNotExist\",\"message\":\"m\"}", "ExecutionDoesNotExist")]
        [InlineData(null, "not json at all", "NotFound")]
        public void JsonErrors_reduce_namespaced_types_and_header_values_to_the_bare_code(string? header, string body, string expected)
        {
            using var response = new HttpResponseMessage(HttpStatusCode.NotFound);
            if (header != null)
            {
                response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", header);
            }

            var (code, message) = JsonErrors.Parse(response, body);

            Assert.Equal(expected, code);
            Assert.Equal(body.StartsWith("{", StringComparison.Ordinal) ? "m" : body, message);
        }

        [Fact]
        public async Task A_namespaced_ExecutionDoesNotExist_makes_DescribeExecution_return_null()
        {
            var handler = new ScriptedHttpHandler()
                .Then(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist\",\"message\":\"Execution Does Not Exist\"}");
            var retry = FastRetry();
            using var client = new StepFunctionsClient(ContextFor(handler, retry));

            Assert.Null(await client.DescribeExecutionAsync(ExecutionArn, CancellationToken.None));
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task Step_Functions_requests_are_JSON_1_0_posts_signed_for_states()
        {
            var handler = new ScriptedHttpHandler().Then(HttpStatusCode.OK, ExecutionBody);
            using var client = new StepFunctionsClient(ContextFor(handler, FastRetry()));

            await client.DescribeExecutionAsync(ExecutionArn, CancellationToken.None);

            var request = Assert.Single(handler.Requests);
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("/", request.Uri.AbsolutePath);
            Assert.Equal("AWSStepFunctions.DescribeExecution", request.Header("X-Amz-Target"));
            Assert.Equal("application/x-amz-json-1.0", request.Header("Content-Type"));
            Assert.Contains("/us-east-1/states/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
            Assert.Equal("{\"executionArn\":\"" + ExecutionArn + "\"}", request.Body);
        }

        [Fact]
        public async Task Lambda_requests_follow_the_REST_paths_and_are_signed_for_lambda()
        {
            var handler = new ScriptedHttpHandler().Then(HttpStatusCode.OK, FunctionBody);
            using var client = new LambdaClient(ContextFor(handler, FastRetry()));

            await client.GetFunctionConfigurationAsync("f", "$LATEST", CancellationToken.None);

            var request = Assert.Single(handler.Requests);
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Equal("/2015-03-31/functions/f/configuration", request.Uri.AbsolutePath);
            Assert.Equal("?Qualifier=%24LATEST", request.Uri.Query);
            Assert.Contains("/us-east-1/lambda/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        }
    }
}
