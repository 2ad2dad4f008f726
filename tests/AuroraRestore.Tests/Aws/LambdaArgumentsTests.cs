using System;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;
using Xunit;

using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>Bad Lambda arguments fail with a stable ErrorId before anything is sent (the scripted handler sees no request).</summary>
    public sealed class LambdaArgumentsTests
    {
        public static TheoryData<string, Func<ILambdaClient, Task>> BadCalls => new TheoryData<string, Func<ILambdaClient, Task>>
        {
            { "InvalidLambdaFunctionName", c => c.GetFunctionConfigurationAsync(string.Empty, null, CancellationToken.None) },
            { "InvalidLambdaFunctionName", c => c.GetFunctionConfigurationAsync("has space", null, CancellationToken.None) },
            { "InvalidLambdaFunctionName", c => c.GetFunctionCodeAsync("../../etc", null, CancellationToken.None) },
            { "InvalidLambdaFunctionName", c => c.PublishVersionAsync(new string('a', 257), null, CancellationToken.None) },
            { "InvalidLambdaQualifier", c => c.GetFunctionConfigurationAsync("f", string.Empty, CancellationToken.None) },
            { "InvalidLambdaQualifier", c => c.GetFunctionCodeAsync("f", "live/1", CancellationToken.None) },
            { "InvalidLambdaCodeBucket", c => c.UpdateFunctionCodeFromS3Async("f", "s3://bucket", "k.zip", CancellationToken.None) },
            { "InvalidLambdaCodeBucket", c => c.UpdateFunctionCodeFromS3Async("f", "ab", "k.zip", CancellationToken.None) },
            { "InvalidLambdaCodeKey", c => c.UpdateFunctionCodeFromS3Async("f", "bucket", string.Empty, CancellationToken.None) },
            { "InvalidLambdaDescription", c => c.PublishVersionAsync("f", new string('d', 257), CancellationToken.None) },
            { "InvalidLambdaAliasName", c => c.GetAliasAsync("f", "123", CancellationToken.None) },
            { "InvalidLambdaAliasName", c => c.CreateAliasAsync("f", "live!", "1", null, CancellationToken.None) },
            { "InvalidLambdaAliasName", c => c.UpdateAliasAsync("f", string.Empty, "1", null, CancellationToken.None) },
            { "InvalidLambdaFunctionVersion", c => c.CreateAliasAsync("f", "live", "v1", null, CancellationToken.None) },
            { "InvalidLambdaFunctionVersion", c => c.UpdateAliasAsync("f", "live", "live", null, CancellationToken.None) },
            { "InvalidLambdaDescription", c => c.UpdateAliasAsync("f", "live", "1", new string('d', 257), CancellationToken.None) },
            { "InvalidLambdaFunctionName", c => c.ListVersionsByFunctionAsync("f:1:2", CancellationToken.None) },
        };

        [Theory]
        [MemberData(nameof(BadCalls))]
        public async Task A_bad_argument_is_refused_before_any_request(string errorId, Func<ILambdaClient, Task> call)
        {
            var handler = new ScriptedHttpHandler();
            using var client = new LambdaClient(AwsTransportRetryTests.ContextFor(handler, new AwsRetryPolicy()));

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => call(client));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
            Assert.Empty(handler.Requests);
        }

        [Theory]
        [InlineData("aurora-restore-start")]
        [InlineData("aurora-restore-start:live")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:aurora-restore-start")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:aurora-restore-start:7")]
        [InlineData("123456789012:function:aurora-restore-start")]
        public void Names_and_ARNs_Lambda_accepts_are_accepted(string functionName)
            => LambdaArguments.FunctionName(functionName);
    }
}
