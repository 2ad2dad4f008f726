using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Protocol;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// The innermost HTTP handler of a client (below the SigV4 signer) answering from a script of wire samples, for what
    /// moto cannot show (it never pages some lists). Records each request's form body, decoded, so tests can check
    /// what the client sent back (e.g. the NextToken of the previous page).
    /// </summary>
    public sealed class ScriptedHttpHandler : HttpMessageHandler
    {
        private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> answers;
        private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> requests = new ConcurrentQueue<IReadOnlyDictionary<string, string>>();

        public ScriptedHttpHandler(params (HttpStatusCode Status, string Body)[] answers)
        {
            this.answers = new ConcurrentQueue<(HttpStatusCode, string)>(answers);
        }

        public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests => requests.ToList();

        /// <summary>A context whose clients talk only to <paramref name="handler"/> (one retry-free attempt per request).</summary>
        public static AwsContext ContextFor(ScriptedHttpHandler handler)
            => AwsContext.Resolve(
                MotoServer.DefaultRegion,
                null,
                new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
                "http://127.0.0.1:9",
                retry: new AwsRetryPolicy(maxAttempts: 1),
                handlerFactory: () => new NonDisposing(handler));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            requests.Enqueue(ParseForm(body));
            if (!answers.TryDequeue(out var answer))
            {
                throw new InvalidOperationException("The client sent more requests than the script answers: " + body);
            }

            return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, System.Text.Encoding.UTF8, "text/xml"), RequestMessage = request };
        }

        private static IReadOnlyDictionary<string, string> ParseForm(string body)
            => body.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);

        /// <summary>The client's HttpClient disposes its handler chain; the script must outlive it so tests can read the requests.</summary>
        private sealed class NonDisposing : DelegatingHandler
        {
            public NonDisposing(HttpMessageHandler inner)
                : base(inner)
            {
            }

            protected override void Dispose(bool disposing)
            {
                // Deliberately leave the inner handler alone.
            }
        }
    }
}
