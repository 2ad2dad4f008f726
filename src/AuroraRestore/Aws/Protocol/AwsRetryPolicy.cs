using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Exponential backoff with full jitter, shared by every hand-written client and by the DynamoDB batch loops.
    /// The SDK's own retry policies only run inside the SDK's request pipeline, which our hand-made requests bypass.
    /// </summary>
    public sealed class AwsRetryPolicy
    {
        private static readonly HashSet<string> RetryableCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
            "ProvisionedThroughputExceededException", "RequestThrottled", "RequestThrottledException",
            "SlowDown", "InternalFailure", "ServiceUnavailable", "InternalError", "InternalServerError",
        };

        private readonly Random random;
        private readonly object gate = new object();
        private long retries;

        public AwsRetryPolicy(int maxAttempts = 8, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, int? seed = null)
        {
            if (maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAttempts));
            }

            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(50);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(5);
            random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        /// <summary>How many retries this policy has made so far (reported by reliability tests and results).</summary>
        public long Retries => Interlocked.Read(ref retries);

        public static bool IsRetryable(HttpStatusCode status, string? errorCode)
        {
            var code = (int)status;
            return code >= 500 || code == 429 || (errorCode != null && RetryableCodes.Contains(errorCode));
        }

        /// <summary>Counts a retry that someone else made and waited for (the AWS SDK clients' own retry loop).</summary>
        public void CountRetry() => Interlocked.Increment(ref retries);

        /// <summary>Waits before attempt <paramref name="attempt"/> (1 = first retry) and counts the retry.</summary>
        public Task DelayAsync(int attempt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref retries);
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
            double jitter;
            lock (gate)
            {
                jitter = random.NextDouble();
            }

            return Task.Delay(TimeSpan.FromMilliseconds(ceiling * jitter), cancellationToken);
        }
    }
}
