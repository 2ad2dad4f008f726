using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Sns
{
    /// <summary>The SNS operations the module uses (botocore: sns/2010-03-31, Query protocol).</summary>
    public interface ISnsClient : IDisposable
    {
        /// <returns>The message id.</returns>
        Task<string> PublishAsync(string topicArn, string message, string? subject, IDictionary<string, string>? stringAttributes, CancellationToken cancellationToken);

        /// <returns>The subscription ARN.</returns>
        Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, CancellationToken cancellationToken);

        Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken);

        /// <returns>The topic's attributes, or null when it does not exist.</returns>
        Task<IDictionary<string, string>?> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken);

        Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken);
    }

    public sealed class SnsSubscription
    {
        public string SubscriptionArn { get; set; } = string.Empty;

        public string Protocol { get; set; } = string.Empty;

        public string Endpoint { get; set; } = string.Empty;
    }
}
