using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Common;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>Topics and queues are made through the AWS CLI; each test uses its own topic.</summary>
    public sealed class SnsClientTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public SnsClientTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task Publish_is_delivered_to_an_SQS_queue_subscribed_with_the_AWS_CLI()
        {
            var topicArn = CreateTopic("publish");
            var queueUrl = (string)AwsCli.Json(moto, "sqs", "create-queue", "--queue-name", Unique("queue"))!["QueueUrl"]!;
            var queueArn = (string)AwsCli.Json(moto, "sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")!["Attributes"]!["QueueArn"]!;
            AwsCli.Run(moto, "sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn);
            using var client = new SnsClient(TestContexts.For(moto));
            var message = "{\"operation_id\":\"op-0123456789ab\",\"status\":\"success\",\"message\":\"Restore <done> & \\\"ok\\\" ✓\"}";
            var attributes = new Dictionary<string, string> { ["status"] = "success", ["format_version"] = "1" };

            var messageId = await client.PublishAsync(topicArn, message, "Aurora restore: success", attributes, CancellationToken.None);

            var received = AwsCli.Json(moto, "sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "2", "--max-number-of-messages", "10")!["Messages"]!.AsArray();
            var envelope = JsonNode.Parse((string)received.Single()!["Body"]!)!;
            Assert.Equal(messageId, (string?)envelope["MessageId"]);
            Assert.Equal(topicArn, (string?)envelope["TopicArn"]);
            Assert.Equal(message, (string?)envelope["Message"]);
            Assert.Equal("Aurora restore: success", (string?)envelope["Subject"]);
            var delivered = envelope["MessageAttributes"]!.AsObject();
            Assert.Equal(new[] { "format_version", "status" }, delivered.Select(a => a.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("String", (string?)delivered["status"]!["Type"]);
            Assert.Equal("success", (string?)delivered["status"]!["Value"]);
            Assert.Equal("1", (string?)delivered["format_version"]!["Value"]);
        }

        [Fact]
        public async Task Publish_to_a_missing_topic_is_NotFound()
        {
            using var client = new SnsClient(TestContexts.For(moto));
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.PublishAsync(TopicArn(Unique("missing")), "hello", null, null, CancellationToken.None));
            Assert.Equal("NotFound", error.ErrorCode);
        }

        [Fact]
        public async Task GetTopicAttributes_matches_the_AWS_CLI_and_is_null_for_a_missing_topic()
        {
            var topicArn = CreateTopic("attributes");
            AwsCli.Run(moto, "sns", "set-topic-attributes", "--topic-arn", topicArn, "--attribute-name", "DisplayName", "--attribute-value", "Aurora <restore> & co");
            using var client = new SnsClient(TestContexts.For(moto));

            var ours = await client.GetTopicAttributesAsync(topicArn, CancellationToken.None);
            var cli = AwsCli.Json(moto, "sns", "get-topic-attributes", "--topic-arn", topicArn)!["Attributes"]!.AsObject();

            Assert.NotNull(ours);
            Assert.Equal(cli.ToDictionary(a => a.Key, a => (string?)a.Value ?? string.Empty).OrderBy(a => a.Key, StringComparer.Ordinal), ours!.OrderBy(a => a.Key, StringComparer.Ordinal));
            Assert.Equal("Aurora <restore> & co", ours["DisplayName"]);
            Assert.Equal(topicArn, ours["TopicArn"]);
            Assert.Null(await client.GetTopicAttributesAsync(TopicArn(Unique("missing")), CancellationToken.None));
        }

        [Fact]
        public async Task Subscriptions_made_by_our_client_are_listed_across_pages_like_the_AWS_CLI_lists_them()
        {
            // moto pages ListSubscriptionsByTopic by 100: 105 subscriptions need two pages.
            var topicArn = CreateTopic("paging");
            using var client = new SnsClient(TestContexts.For(moto));
            var subscribed = new List<string>();
            for (var i = 0; i < 105; i++)
            {
                subscribed.Add(await client.SubscribeAsync(topicArn, "sqs", $"arn:aws:sqs:us-east-1:123456789012:listener-{i:D3}", CancellationToken.None));
            }

            var ours = await client.ListSubscriptionsByTopicAsync(topicArn, CancellationToken.None);
            var cli = AwsCli.Json(moto, "sns", "list-subscriptions-by-topic", "--topic-arn", topicArn)!["Subscriptions"]!.AsArray();

            Assert.Equal(105, ours.Count);
            Assert.Equal(cli.Count, ours.Count);
            for (var i = 0; i < cli.Count; i++)
            {
                Assert.Equal((string?)cli[i]!["SubscriptionArn"], ours[i].SubscriptionArn);
                Assert.Equal((string?)cli[i]!["Protocol"], ours[i].Protocol);
                Assert.Equal((string?)cli[i]!["Endpoint"], ours[i].Endpoint);
            }

            Assert.Equal(subscribed.OrderBy(s => s, StringComparer.Ordinal), ours.Select(s => s.SubscriptionArn).OrderBy(s => s, StringComparer.Ordinal));

            await client.UnsubscribeAsync(subscribed[0], CancellationToken.None);
            var afterUnsubscribe = AwsCli.Json(moto, "sns", "list-subscriptions-by-topic", "--topic-arn", topicArn)!["Subscriptions"]!.AsArray();
            Assert.Equal(104, afterUnsubscribe.Count);
            Assert.DoesNotContain(afterUnsubscribe, s => (string?)s!["SubscriptionArn"] == subscribed[0]);
        }

        [Fact]
        public async Task Publish_and_Subscribe_are_serialized_exactly_like_botocore_does()
        {
            var handler = new ScriptedHttpHandler(
                (HttpStatusCode.OK, "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>"),
                (HttpStatusCode.OK, "<SubscribeResponse><SubscribeResult><SubscriptionArn>arn:aws:sns:us-east-1:123456789012:t:1</SubscriptionArn></SubscribeResult></SubscribeResponse>"));
            using var client = new SnsClient(ScriptedHttpHandler.ContextFor(handler));
            var topicArn = TopicArn("wire");
            var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["format_version"] = "3", ["status"] = "failure & more" };

            Assert.Equal("m-1", await client.PublishAsync(topicArn, "body ✓ +=&", "Subject line", attributes, CancellationToken.None));
            await client.SubscribeAsync(topicArn, "email", "ops@example.com", CancellationToken.None);

            var publish = new JsonObject
            {
                ["TopicArn"] = topicArn,
                ["Message"] = "body ✓ +=&",
                ["Subject"] = "Subject line",
                ["MessageAttributes"] = new JsonObject
                {
                    ["format_version"] = new JsonObject { ["DataType"] = "String", ["StringValue"] = "3" },
                    ["status"] = new JsonObject { ["DataType"] = "String", ["StringValue"] = "failure & more" },
                },
            };
            Botocore.AssertSameFields(Botocore.SerializeQuery("sns", "Publish", publish), handler.Requests[0].Form);
            var subscribe = new JsonObject { ["TopicArn"] = topicArn, ["Protocol"] = "email", ["Endpoint"] = "ops@example.com", ["ReturnSubscriptionArn"] = true };
            Botocore.AssertSameFields(Botocore.SerializeQuery("sns", "Subscribe", subscribe), handler.Requests[1].Form);
        }

        [Fact]
        public async Task Bad_input_is_refused_with_specific_error_ids_before_anything_is_sent()
        {
            var log = new RecordingLog();
            using var client = new SnsClient(TestContexts.For(moto, log: log));
            var topicArn = TopicArn("never-created");

            async Task<string> IdOf(Func<Task> call) => (await Assert.ThrowsAsync<AuroraRestoreException>(call)).ErrorId;

            var arnError = await Assert.ThrowsAsync<AuroraRestoreException>(() => client.PublishAsync("aurora-restore-notifications", "m", null, null, CancellationToken.None));
            Assert.Equal("InvalidTopicArn", arnError.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, arnError.Category);
            Assert.Equal("aurora-restore-notifications", arnError.Target);
            Assert.Equal("AwsParameterRequired", await IdOf(() => client.PublishAsync(topicArn, string.Empty, null, null, CancellationToken.None)));
            Assert.Equal("InvalidSnsSubject", await IdOf(() => client.PublishAsync(topicArn, "m", "two\nlines", null, CancellationToken.None)));
            Assert.Equal("InvalidSnsSubject", await IdOf(() => client.PublishAsync(topicArn, "m", new string('s', 101), null, CancellationToken.None)));
            Assert.Equal("InvalidSnsAttributeName", await IdOf(() => client.PublishAsync(topicArn, "m", null, new Dictionary<string, string> { ["AWS.reserved"] = "x" }, CancellationToken.None)));
            Assert.Equal("InvalidSnsAttributeName", await IdOf(() => client.PublishAsync(topicArn, "m", null, new Dictionary<string, string> { ["bad..name"] = "x" }, CancellationToken.None)));
            Assert.Equal("InvalidSnsAttributeValue", await IdOf(() => client.PublishAsync(topicArn, "m", null, new Dictionary<string, string> { ["status"] = string.Empty }, CancellationToken.None)));
            var tooLarge = await Assert.ThrowsAsync<AuroraRestoreException>(() => client.PublishAsync(topicArn, new string('x', SnsClient.MaxMessageBytes), null, new Dictionary<string, string> { ["status"] = "x" }, CancellationToken.None));
            Assert.Equal("SnsMessageTooLarge", tooLarge.ErrorId);
            Assert.Equal(FailureCategory.LimitsExceeded, tooLarge.Category);
            Assert.Equal("InvalidSnsProtocol", await IdOf(() => client.SubscribeAsync(topicArn, "carrier-pigeon", "x", CancellationToken.None)));
            Assert.Equal("InvalidSubscriptionArn", await IdOf(() => client.UnsubscribeAsync("PendingConfirmation", CancellationToken.None)));
            Assert.Equal("InvalidTopicArn", await IdOf(() => client.GetTopicAttributesAsync("arn:aws:sqs:us-east-1:123456789012:queue", CancellationToken.None)));
            Assert.Empty(log.VerboseLines);
        }

        private string CreateTopic(string purpose)
            => (string)AwsCli.Json(moto, "sns", "create-topic", "--name", Unique(purpose))!["TopicArn"]!;

        private static string TopicArn(string name) => $"arn:aws:sns:{MotoServer.DefaultRegion}:123456789012:{name}";

        private static string Unique(string purpose) => "sns-" + purpose + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
    }
}
