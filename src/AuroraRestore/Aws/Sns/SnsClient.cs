using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Sns
{
    /// <summary>SNS over the Query protocol (botocore: sns/2010-03-31).</summary>
    public sealed class SnsClient : QueryServiceClient, ISnsClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("SNS", "sns", "sns");

        /// <summary>SNS's limit for a message, its attributes included (256 KiB).</summary>
        public const int MaxMessageBytes = 262144;

        private static readonly Regex TopicArnPattern = new Regex(@"^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$", RegexOptions.CultureInvariant);
        private static readonly Regex SubscriptionArnPattern = new Regex(@"^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?:[A-Za-z0-9-]+$", RegexOptions.CultureInvariant);

        // SNS message attribute names: letters, digits, _ - . ; no leading or trailing '.', no "..", at most 256 characters.
        private static readonly Regex AttributeNamePattern = new Regex(@"^(?!\.)(?!.*\.\.)[A-Za-z0-9_.-]{1,256}(?<!\.)$", RegexOptions.CultureInvariant);
        private static readonly HashSet<string> Protocols = new HashSet<string>(StringComparer.Ordinal)
        {
            "http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose",
        };

        public SnsClient(AwsContext context)
            : base(context, Endpoint, "2010-03-31")
        {
        }

        public async Task<string> PublishAsync(string topicArn, string message, string? subject, IDictionary<string, string>? stringAttributes, CancellationToken cancellationToken)
        {
            CheckTopicArn(topicArn, "Publish");
            RequestGuard.Required(message, "Message", "Publish");
            CheckSubject(subject);
            var attributes = stringAttributes?.ToList() ?? new List<KeyValuePair<string, string>>();
            CheckAttributes(attributes);
            var size = Encoding.UTF8.GetByteCount(message) + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value) + "String".Length);
            if (size > MaxMessageBytes)
            {
                throw new AuroraRestoreException(
                    "SnsMessageTooLarge", FailureCategory.LimitsExceeded, topicArn,
                    $"Publish: the message and its attributes are {size} bytes; SNS accepts at most {MaxMessageBytes}.",
                    "Send less detail in the notification (or a link to it).");
            }

            var query = NewRequest("Publish").Add("TopicArn", topicArn).Add("Message", message).Add("Subject", subject);
            var index = 1;
            foreach (var attribute in attributes)
            {
                // botocore: MessageAttributeMap's key is named "Name" and its value "Value" (a MessageAttributeValue structure).
                var prefix = $"MessageAttributes.entry.{index++}";
                query.Add(prefix + ".Name", attribute.Key)
                    .Add(prefix + ".Value.DataType", "String")
                    .Add(prefix + ".Value.StringValue", attribute.Value);
            }

            var narration = $"{topicArn} ({Encoding.UTF8.GetByteCount(message)} bytes{(attributes.Count > 0 ? "; attributes " + string.Join(", ", attributes.Select(a => a.Key)) : string.Empty)})";
            var result = await InvokeAsync(query, narration, cancellationToken).ConfigureAwait(false);
            return Xml.Text(result, "MessageId") ?? string.Empty;
        }

        /// <remarks>
        /// Sends ReturnSubscriptionArn=true so that a subscription waiting for confirmation (http, email) still yields its ARN
        /// rather than the words "pending confirmation".
        /// </remarks>
        public async Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, CancellationToken cancellationToken)
        {
            CheckTopicArn(topicArn, "Subscribe");
            RequestGuard.Required(protocol, "Protocol", "Subscribe");
            if (!Protocols.Contains(protocol))
            {
                throw new AuroraRestoreException(
                    "InvalidSnsProtocol", FailureCategory.InvalidArgument, protocol,
                    $"Subscribe: '{protocol}' is not an SNS protocol.",
                    "Use one of: " + string.Join(", ", Protocols.OrderBy(p => p, StringComparer.Ordinal)) + ".");
            }

            RequestGuard.Required(endpoint, "Endpoint", "Subscribe");
            var query = NewRequest("Subscribe")
                .Add("TopicArn", topicArn)
                .Add("Protocol", protocol)
                .Add("Endpoint", endpoint)
                .Add("ReturnSubscriptionArn", true);
            var result = await InvokeAsync(query, $"{topicArn} {protocol} {endpoint}", cancellationToken).ConfigureAwait(false);
            return Xml.Text(result, "SubscriptionArn") ?? string.Empty;
        }

        public async Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken)
        {
            RequestGuard.Required(subscriptionArn, "SubscriptionArn", "Unsubscribe");
            if (!SubscriptionArnPattern.IsMatch(subscriptionArn))
            {
                throw new AuroraRestoreException(
                    "InvalidSubscriptionArn", FailureCategory.InvalidArgument, subscriptionArn,
                    $"Unsubscribe: '{RequestGuard.Shorten(subscriptionArn)}' is not an SNS subscription ARN.",
                    "Pass the SubscriptionArn that Subscribe or ListSubscriptionsByTopic returned (a pending subscription has none yet).");
            }

            await InvokeAsync(NewRequest("Unsubscribe").Add("SubscriptionArn", subscriptionArn), subscriptionArn, cancellationToken).ConfigureAwait(false);
        }

        public async Task<IDictionary<string, string>?> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken)
        {
            CheckTopicArn(topicArn, "GetTopicAttributes");
            XElement result;
            try
            {
                result = await InvokeAsync(NewRequest("GetTopicAttributes").Add("TopicArn", topicArn), topicArn, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "NotFound")
            {
                return null;
            }

            var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in Xml.Members(result, "Attributes", "entry"))
            {
                attributes[Xml.Text(entry, "key") ?? string.Empty] = Xml.Text(entry, "value") ?? string.Empty;
            }

            return attributes;
        }

        public async Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken)
        {
            CheckTopicArn(topicArn, "ListSubscriptionsByTopic");
            var subscriptions = new List<SnsSubscription>();
            string? nextToken = null;
            do
            {
                var query = NewRequest("ListSubscriptionsByTopic").Add("TopicArn", topicArn).Add("NextToken", nextToken);
                var result = await InvokeAsync(query, nextToken == null ? topicArn : $"{topicArn} (next page after {subscriptions.Count})", cancellationToken).ConfigureAwait(false);
                subscriptions.AddRange(Xml.Members(result, "Subscriptions").Select(s => new SnsSubscription
                {
                    SubscriptionArn = Xml.Text(s, "SubscriptionArn") ?? string.Empty,
                    Protocol = Xml.Text(s, "Protocol") ?? string.Empty,
                    Endpoint = Xml.Text(s, "Endpoint") ?? string.Empty,
                }));
                var token = Xml.Text(result, "NextToken");
                nextToken = string.IsNullOrEmpty(token) ? null : token;
            }
            while (nextToken != null);

            return subscriptions;
        }

        private static void CheckTopicArn(string? topicArn, string operation)
        {
            RequestGuard.Required(topicArn, "TopicArn", operation);
            if (!TopicArnPattern.IsMatch(topicArn!))
            {
                throw new AuroraRestoreException(
                    "InvalidTopicArn", FailureCategory.InvalidArgument, topicArn,
                    $"{operation}: '{RequestGuard.Shorten(topicArn!)}' is not an SNS topic ARN.",
                    "Pass the topic's ARN, such as arn:aws:sns:us-east-1:123456789012:aurora-restore-notifications.");
            }
        }

        /// <summary>SNS: at most 100 characters, printable ASCII, no line breaks (the subject becomes an e-mail subject line).</summary>
        private static void CheckSubject(string? subject)
        {
            if (subject == null)
            {
                return;
            }

            if (subject.Length == 0 || subject.Length > 100 || subject.Any(c => c < 0x20 || c > 0x7e))
            {
                throw new AuroraRestoreException(
                    "InvalidSnsSubject", FailureCategory.InvalidArgument, subject,
                    $"Publish: the subject '{RequestGuard.Shorten(subject)}' must be 1 to 100 printable ASCII characters without line breaks.",
                    "Shorten the subject, or leave it out.");
            }
        }

        private static void CheckAttributes(IEnumerable<KeyValuePair<string, string>> attributes)
        {
            foreach (var attribute in attributes)
            {
                var name = attribute.Key ?? string.Empty;
                var reserved = name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase);
                if (!AttributeNamePattern.IsMatch(name) || reserved)
                {
                    throw new AuroraRestoreException(
                        "InvalidSnsAttributeName", FailureCategory.InvalidArgument, name,
                        $"Publish: '{RequestGuard.Shorten(name)}' is not a valid message attribute name.",
                        "Use up to 256 letters, digits, '_', '-' and '.' (not first or last, never doubled), not starting with AWS. or Amazon.");
                }

                if (string.IsNullOrEmpty(attribute.Value))
                {
                    // SNS refuses empty String values: fail here, before the notification is half sent.
                    throw new AuroraRestoreException(
                        "InvalidSnsAttributeValue", FailureCategory.InvalidArgument, name,
                        $"Publish: the message attribute '{name}' has an empty value; SNS does not accept empty String attributes.",
                        "Give the attribute a value or leave it out.");
                }
            }
        }
    }
}
