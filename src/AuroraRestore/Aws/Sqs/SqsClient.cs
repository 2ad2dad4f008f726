using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Sqs
{
    /// <summary>
    /// SQS over JSON 1.0 (botocore: sqs/2012-11-05, signing name sqs). Hand-written like the other clients rather than
    /// adding AWSSDK.SQS for five calls. Message bodies can hold anything: narration names queues only.
    /// </summary>
    public sealed class SqsClient : JsonServiceClient, ISqsClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("SQS", "sqs", "sqs");

        // botocore documents queue names as 1-80 alphanumerics, hyphens and underscores (.fifo suffix for FIFO queues).
        private static readonly Regex QueueNamePattern = new Regex("^[A-Za-z0-9_-]{1,80}$", RegexOptions.CultureInvariant);

        public SqsClient(AwsContext context)
            : base(context, Endpoint, "AmazonSQS", "1.0")
        {
        }

        public async Task<string> CreateQueueAsync(string queueName, IDictionary<string, string>? attributes, CancellationToken cancellationToken)
        {
            if (queueName == null || !QueueNamePattern.IsMatch(queueName))
            {
                throw new AuroraRestoreException(
                    "InvalidQueueName", FailureCategory.InvalidArgument, queueName,
                    $"CreateQueue: '{queueName}' is not a valid SQS queue name.",
                    "Use 1 to 80 letters, digits, hyphens or underscores.");
            }

            var payload = new JsonObject { ["QueueName"] = queueName };
            if (attributes != null && attributes.Count > 0)
            {
                payload["Attributes"] = Map(attributes);
            }

            var result = await InvokeAsync("CreateQueue", payload, queueName, cancellationToken).ConfigureAwait(false);
            return Json.Text(result, "QueueUrl") ?? throw Incomplete("CreateQueue", queueName, "QueueUrl");
        }

        public async Task<IDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken)
        {
            CheckUrl(queueUrl, "GetQueueAttributes");
            var payload = new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray(attributeNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()) };
            var result = await InvokeAsync("GetQueueAttributes", payload, queueUrl, cancellationToken).ConfigureAwait(false);
            return Json.StringMap(Json.Object(result, "Attributes")).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        public async Task SetQueueAttributesAsync(string queueUrl, IDictionary<string, string> attributes, CancellationToken cancellationToken)
        {
            CheckUrl(queueUrl, "SetQueueAttributes");
            await InvokeAsync("SetQueueAttributes", new JsonObject { ["QueueUrl"] = queueUrl, ["Attributes"] = Map(attributes) }, queueUrl, cancellationToken).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<SqsMessage>> ReceiveMessagesAsync(string queueUrl, int maxMessages, int waitSeconds, CancellationToken cancellationToken)
        {
            CheckUrl(queueUrl, "ReceiveMessage");
            if (maxMessages < 1 || maxMessages > 10 || waitSeconds < 0 || waitSeconds > 20)
            {
                throw new AuroraRestoreException(
                    "AwsParameterOutOfRange", FailureCategory.InvalidArgument, $"{maxMessages}/{waitSeconds}",
                    $"ReceiveMessage takes 1 to 10 messages and waits 0 to 20 s; {maxMessages} and {waitSeconds} were given.",
                    "Pass values inside those ranges.");
            }

            var payload = new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = maxMessages, ["WaitTimeSeconds"] = waitSeconds };
            var result = await InvokeAsync("ReceiveMessage", payload, queueUrl, cancellationToken).ConfigureAwait(false);
            return Json.Objects(result, "Messages").Select(m => new SqsMessage
            {
                MessageId = Json.Text(m, "MessageId") ?? string.Empty,
                ReceiptHandle = Json.Text(m, "ReceiptHandle") ?? string.Empty,
                Body = Json.Text(m, "Body") ?? string.Empty,
            }).ToList();
        }

        public async Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken)
        {
            CheckUrl(queueUrl, "DeleteQueue");
            await InvokeAsync("DeleteQueue", new JsonObject { ["QueueUrl"] = queueUrl }, queueUrl, cancellationToken).ConfigureAwait(false);
        }

        private static JsonObject Map(IDictionary<string, string> values)
        {
            var map = new JsonObject();
            foreach (var pair in values)
            {
                map[pair.Key] = pair.Value;
            }

            return map;
        }

        private static void CheckUrl(string? queueUrl, string operation)
        {
            if (queueUrl == null || !Uri.TryCreate(queueUrl, UriKind.Absolute, out _))
            {
                throw new AuroraRestoreException(
                    "InvalidQueueUrl", FailureCategory.InvalidArgument, queueUrl,
                    $"{operation}: '{queueUrl}' is not a queue URL.",
                    "Pass the QueueUrl CreateQueue returned.");
            }
        }

        private static AuroraRestoreException Incomplete(string operation, string target, string field) => new AuroraRestoreException(
            "SqsAnswerIncomplete", FailureCategory.InvalidResult, target,
            $"SQS {operation} for '{target}' succeeded but returned no {field}.",
            "Check the endpoint (-EndpointUrl) or any proxy in between.");
    }
}
