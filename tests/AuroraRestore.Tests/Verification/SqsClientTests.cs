using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Sqs;
using AuroraRestore.Common;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Verification
{
    /// <summary>The SQS client against moto; every effect is also observed through the AWS CLI.</summary>
    public sealed class SqsClientTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public SqsClientTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task Create_attributes_receive_and_delete_match_the_AWS_CLI()
        {
            var name = "sqs-test-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            using var sqs = new SqsClient(TestContexts.For(moto));

            var url = await sqs.CreateQueueAsync(name, new Dictionary<string, string> { ["VisibilityTimeout"] = "45" }, CancellationToken.None);
            Assert.Equal(url, (string?)AwsCli.Json(moto, "sqs", "get-queue-url", "--queue-name", name)!["QueueUrl"]);
            Assert.Equal("45", (string?)AwsCli.Json(moto, "sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "VisibilityTimeout")!["Attributes"]!["VisibilityTimeout"]);

            var attributes = await sqs.GetQueueAttributesAsync(url, new[] { "QueueArn" }, CancellationToken.None);
            Assert.Equal($"arn:aws:sqs:us-east-1:123456789012:{name}", attributes["QueueArn"]);

            await sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "60" }, CancellationToken.None);
            Assert.Equal("60", (string?)AwsCli.Json(moto, "sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "VisibilityTimeout")!["Attributes"]!["VisibilityTimeout"]);

            AwsCli.Run(moto, "sqs", "send-message", "--queue-url", url, "--message-body", "{\"hello\":\"world\"}");
            var received = await sqs.ReceiveMessagesAsync(url, 10, 1, CancellationToken.None);
            var message = Assert.Single(received);
            Assert.Equal("{\"hello\":\"world\"}", message.Body);
            Assert.False(string.IsNullOrEmpty(message.ReceiptHandle));

            await sqs.DeleteQueueAsync(url, CancellationToken.None);
            var left = AwsCli.Json(moto, "sqs", "list-queues", "--queue-name-prefix", name);
            Assert.True(left == null || left["QueueUrls"] == null || left["QueueUrls"]!.AsArray().Count == 0);
        }

        [Theory]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("a.b")]
        public async Task A_bad_queue_name_is_refused_before_any_call(string name)
        {
            using var sqs = new SqsClient(TestContexts.For(moto));
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => sqs.CreateQueueAsync(name, null, CancellationToken.None));
            Assert.Equal("InvalidQueueName", error.ErrorId);
        }

        [Fact]
        public async Task Out_of_range_receive_settings_are_refused()
        {
            using var sqs = new SqsClient(TestContexts.For(moto));
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => sqs.ReceiveMessagesAsync("http://127.0.0.1/q", 11, 0, CancellationToken.None));
            Assert.Equal("AwsParameterOutOfRange", error.ErrorId);
            Assert.Equal("InvalidQueueUrl", (await Assert.ThrowsAsync<AuroraRestoreException>(() => sqs.DeleteQueueAsync("not a url", CancellationToken.None))).ErrorId);
        }
    }
}
