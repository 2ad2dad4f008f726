using System;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// The HTTP clients of the AWS SDK clients (DynamoDB, S3, SSM): built on the context's handler, like the hand-written
    /// clients, and counting the SDK's own retries into the shared <see cref="AwsRetryPolicy"/>, so that a command reports
    /// every retry it made, not only those of the hand-written clients. The SDK marks each attempt with the
    /// <c>amz-sdk-request: attempt=N; max=M</c> header; an attempt above 1 is a retry.
    /// </summary>
    internal sealed class SdkHttpClientFactory : HttpClientFactory
    {
        private readonly AwsRetryPolicy retry;
        private readonly Func<HttpMessageHandler> handlerFactory;

        public SdkHttpClientFactory(AwsRetryPolicy retry, Func<HttpMessageHandler> handlerFactory)
        {
            this.retry = retry;
            this.handlerFactory = handlerFactory;
        }

        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
            => new HttpClient(new AttemptCounter(retry, handlerFactory())) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };

        // Cached by the SDK per service client and disposed with it.
        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;

        private sealed class AttemptCounter : DelegatingHandler
        {
            private static readonly Regex Attempt = new Regex(@"attempt=(\d+)", RegexOptions.CultureInvariant);
            private readonly AwsRetryPolicy retry;

            public AttemptCounter(AwsRetryPolicy retry, HttpMessageHandler inner)
                : base(inner)
            {
                this.retry = retry;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Headers.TryGetValues("amz-sdk-request", out var values))
                {
                    foreach (var value in values)
                    {
                        var match = Attempt.Match(value);
                        if (match.Success && int.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt) && attempt > 1)
                        {
                            retry.CountRetry();
                        }
                    }
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
