using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Aws.Sqs;
using AuroraRestore.Common;
using AuroraRestore.Notifications;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// Proves the topic delivers: a temporary SQS queue (allowed to receive from this topic only) is subscribed, a test
    /// message in the version's SNS format (status <c>test</c>) is published, and the queue must receive it. The
    /// subscription and the queue are removed whatever happens, also on failure or Ctrl+C.
    /// </summary>
    public sealed class NotificationDeliveryProbe
    {
        private readonly ISnsClient sns;
        private readonly ISqsClient sqs;
        private readonly IOperationLog log;

        public NotificationDeliveryProbe(ISnsClient sns, ISqsClient sqs, IOperationLog log)
        {
            this.sns = sns;
            this.sqs = sqs;
            this.log = log;
        }

        /// <returns>Null when the message arrived, else what went wrong.</returns>
        public async Task<string?> ProbeAsync(VerificationTarget target, string topicArn, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var operationId = "verify-" + target.VerificationId;
            var queueName = $"{target.Environment.ResourcePrefix}-verify-{target.VerificationId}";
            string? queueUrl = null;
            string? subscriptionArn = null;
            try
            {
                queueUrl = await sqs.CreateQueueAsync(queueName, null, cancellationToken).ConfigureAwait(false);
                var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, new[] { "QueueArn" }, cancellationToken).ConfigureAwait(false))
                    .TryGetValue("QueueArn", out var arn) ? arn : throw new InvalidOperationException("SQS returned no QueueArn for " + queueName);
                await sqs.SetQueueAttributesAsync(queueUrl, new Dictionary<string, string> { ["Policy"] = QueuePolicy(queueArn, topicArn) }, cancellationToken).ConfigureAwait(false);
                subscriptionArn = await sns.SubscribeAsync(topicArn, "sqs", queueArn, cancellationToken).ConfigureAwait(false);

                var content = new NotificationContent(operationId, "test", "Test-RestorePipeline: test notification", DateTimeOffset.UtcNow)
                {
                    PipelineVersion = target.Version.Version,
                    Environment = target.Environment.Name,
                };
                var message = SnsMessages.Build(content, target.Version.Version);
                await sns.PublishAsync(topicArn, message.Body, "Aurora restore pipeline verification", message.Attributes, cancellationToken).ConfigureAwait(false);

                var deadline = DateTimeOffset.UtcNow + timeout;
                while (true)
                {
                    var remaining = (int)Math.Ceiling((deadline - DateTimeOffset.UtcNow).TotalSeconds);
                    var received = await sqs.ReceiveMessagesAsync(queueUrl, 10, Math.Max(0, Math.Min(20, remaining)), cancellationToken).ConfigureAwait(false);
                    if (received.Any(m => Carries(m.Body, operationId)))
                    {
                        return null;
                    }

                    if (DateTimeOffset.UtcNow >= deadline)
                    {
                        return $"the test message published to {topicArn} did not reach a subscribed SQS queue within {timeout.TotalSeconds:0} s";
                    }
                }
            }
            catch (AwsServiceException ex)
            {
                return $"the delivery test failed: {ex.Service} {ex.Operation}: {ex.ErrorCode}: {ex.Message}";
            }
            finally
            {
                await CleanUpAsync(subscriptionArn, queueUrl).ConfigureAwait(false);
            }
        }

        /// <summary>The queue accepts SendMessage from SNS for this topic only (required on AWS; moto does not check it).</summary>
        private static string QueuePolicy(string queueArn, string topicArn) => new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Sid"] = "PipelineTopicOnly",
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Service"] = "sns.amazonaws.com" },
                ["Action"] = "sqs:SendMessage",
                ["Resource"] = queueArn,
                ["Condition"] = new JsonObject { ["ArnEquals"] = new JsonObject { ["aws:SourceArn"] = topicArn } },
            }),
        }.ToJsonString();

        /// <summary>SNS wraps the message in an envelope (Message holds it as a string) unless raw delivery is on.</summary>
        private static bool Carries(string body, string operationId)
        {
            try
            {
                var envelope = JsonNode.Parse(body) as JsonObject;
                var inner = envelope?["Message"] is JsonValue m && m.TryGetValue<string>(out var text) ? JsonNode.Parse(text) as JsonObject : envelope;
                return (string?)inner?["operation_id"] == operationId;
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        private async Task CleanUpAsync(string? subscriptionArn, string? queueUrl)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            if (subscriptionArn != null && subscriptionArn.StartsWith("arn:", StringComparison.Ordinal))
            {
                try
                {
                    await sns.UnsubscribeAsync(subscriptionArn, timeout.Token).ConfigureAwait(false);
                }
                catch (AwsServiceException ex)
                {
                    log.Warning($"The temporary subscription {subscriptionArn} could not be removed ({ex.ErrorCode}); remove it with 'aws sns unsubscribe'.");
                }
            }

            if (queueUrl != null)
            {
                try
                {
                    await sqs.DeleteQueueAsync(queueUrl, timeout.Token).ConfigureAwait(false);
                }
                catch (AwsServiceException ex)
                {
                    log.Warning($"The temporary queue {queueUrl} could not be deleted ({ex.ErrorCode}); delete it with 'aws sqs delete-queue'.");
                }
            }
        }
    }
}
