using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Sqs
{
    /// <summary>
    /// The SQS operations the module uses (botocore: sqs/2012-11-05, JSON 1.0, target prefix AmazonSQS): just enough
    /// for a temporary queue that receives a test message from the pipeline's topic.
    /// </summary>
    public interface ISqsClient : IDisposable
    {
        /// <returns>The queue URL.</returns>
        Task<string> CreateQueueAsync(string queueName, IDictionary<string, string>? attributes, CancellationToken cancellationToken);

        Task<IDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken);

        Task SetQueueAttributesAsync(string queueUrl, IDictionary<string, string> attributes, CancellationToken cancellationToken);

        /// <summary>Long-polls up to <paramref name="waitSeconds"/> (0-20) for at most <paramref name="maxMessages"/> (1-10) messages.</summary>
        Task<IReadOnlyList<SqsMessage>> ReceiveMessagesAsync(string queueUrl, int maxMessages, int waitSeconds, CancellationToken cancellationToken);

        Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken);
    }

    public sealed class SqsMessage
    {
        public string MessageId { get; set; } = string.Empty;

        public string ReceiptHandle { get; set; } = string.Empty;

        public string Body { get; set; } = string.Empty;
    }
}
