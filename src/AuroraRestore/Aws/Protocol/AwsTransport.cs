using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime.Signing;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Sends signed requests to one service and retries what is worth retrying. The wire protocols
    /// (Query, JSON, REST-JSON) build requests and parse errors; this class owns signing, retries and the narration.
    /// </summary>
    public sealed class AwsTransport : IDisposable
    {
        private readonly AwsContext context;
        private readonly HttpClient http;

        public AwsTransport(AwsContext context, AwsServiceEndpoint service)
        {
            this.context = context;
            Service = service;
            var signingRegion = service.Global && context.EndpointUrl == null ? RegionEndpoint.USEast1 : context.RegionEndpoint;
            var signer = new SigV4SigningHandler(context.Credentials, signingRegion, service.SigningName, context.HandlerFactory());
            http = new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(100) };
            BaseUri = context.EndpointFor(service.EndpointPrefix, service.Global);
        }

        public AwsServiceEndpoint Service { get; }

        public Uri BaseUri { get; }

        public string Region => context.Region;

        /// <summary>
        /// Sends the request built by <paramref name="build"/> (called once per attempt: a request cannot be sent twice),
        /// returns the body of a 2xx answer, and throws <see cref="AwsServiceException"/> with the parsed error otherwise.
        /// </summary>
        public async Task<string> SendAsync(string operation, string narration, Func<HttpRequestMessage> build, Func<HttpResponseMessage, string, (string Code, string Message)> parseError, CancellationToken cancellationToken)
        {
            context.Log.Verbose(string.IsNullOrEmpty(narration) ? $"{Service.DisplayName} {operation} ({Region})" : $"{Service.DisplayName} {operation} {narration} ({Region})");
            var retry = context.Retry;
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                HttpResponseMessage response;
                string body;
                try
                {
                    using var request = build();
                    response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    body = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    if (attempt >= retry.MaxAttempts)
                    {
                        throw new AuroraRestoreException(
                            "AwsEndpointUnreachable", FailureCategory.ConnectionError, BaseUri.ToString(),
                            $"{Service.DisplayName} {operation}: could not reach {BaseUri} after {attempt} attempts: {ex.Message}",
                            "Check -EndpointUrl, the network and any proxy settings, then run the command again.",
                            ex);
                    }

                    context.Log.Verbose($"{Service.DisplayName} {operation}: {ex.GetType().Name}, retrying (attempt {attempt + 1} of {retry.MaxAttempts})");
                    await retry.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using (response)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return body;
                    }

                    var (code, message) = parseError(response, body);
                    if (AwsRetryPolicy.IsRetryable(response.StatusCode, code) && attempt < retry.MaxAttempts)
                    {
                        context.Log.Verbose($"{Service.DisplayName} {operation}: {(int)response.StatusCode} {code}, retrying (attempt {attempt + 1} of {retry.MaxAttempts})");
                        await retry.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw new AwsServiceException(Service.DisplayName, operation, code, message, RequestIdOf(response), response.StatusCode);
                }
            }
        }

        public void Dispose() => http.Dispose();

        private static bool IsTransient(Exception ex, CancellationToken cancellationToken)
            => ex is HttpRequestException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            || ex is System.IO.IOException;

        private static string? RequestIdOf(HttpResponseMessage response)
        {
            foreach (var name in new[] { "x-amzn-RequestId", "x-amz-request-id", "x-amzn-requestid" })
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    foreach (var value in values)
                    {
                        return value;
                    }
                }
            }

            return null;
        }

        internal static string StatusFallbackCode(HttpStatusCode status) => status switch
        {
            HttpStatusCode.NotFound => "NotFound",
            HttpStatusCode.Forbidden => "AccessDenied",
            HttpStatusCode.BadRequest => "BadRequest",
            _ => "HttpStatus" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
