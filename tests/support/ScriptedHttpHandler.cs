using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// The innermost HTTP handler of a client under test (below the SigV4 signer): answers each request with the next
    /// scripted response and records what it received, after signing, so tests see exactly what went on the wire. Used for
    /// what moto cannot show (paging, throttling, odd error bodies). A request beyond the script fails the test instead of
    /// reaching any network.
    /// </summary>
    public sealed class ScriptedHttpHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> script = new Queue<Func<HttpResponseMessage>>();
        private readonly List<RecordedRequest> requests = new List<RecordedRequest>();

        public ScriptedHttpHandler(params (HttpStatusCode Status, string Body)[] answers)
        {
            foreach (var (status, body) in answers)
            {
                Then(status, body);
            }
        }

        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (requests)
                {
                    return requests.ToArray();
                }
            }
        }

        /// <summary>A context whose clients talk only to <paramref name="handler"/> (by default one attempt per request, no retries).</summary>
        public static AwsContext ContextFor(ScriptedHttpHandler handler, AwsRetryPolicy? retry = null, IOperationLog? log = null)
            => AwsContext.Resolve(
                MotoServer.DefaultRegion,
                null,
                new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
                "http://127.0.0.1:9",
                log,
                retry ?? new AwsRetryPolicy(maxAttempts: 1),
                () => new NonDisposing(handler));

        public ScriptedHttpHandler Then(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
        {
            lock (requests)
            {
                script.Enqueue(() =>
                {
                    var mediaType = body.TrimStart().StartsWith("<", StringComparison.Ordinal) ? "text/xml" : "application/json";
                    var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
                    foreach (var (name, value) in headers)
                    {
                        response.Headers.TryAddWithoutValidation(name, value);
                    }

                    return response;
                });
            }

            return this;
        }

        /// <summary>The same answer <paramref name="times"/> times.</summary>
        public ScriptedHttpHandler Times(int times, HttpStatusCode status, string body, params (string Name, string Value)[] headers)
        {
            for (var i = 0; i < times; i++)
            {
                Then(status, body, headers);
            }

            return this;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers)
                {
                    headers[header.Key] = string.Join(",", header.Value);
                }
            }

            Func<HttpResponseMessage> next;
            lock (requests)
            {
                requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
                if (script.Count == 0)
                {
                    throw new InvalidOperationException($"Unscripted request #{requests.Count}: {request.Method} {request.RequestUri}: {body}");
                }

                next = script.Dequeue();
            }

            var response = next();
            response.RequestMessage = request;
            return response;
        }

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

    /// <summary>One request as the scripted handler received it.</summary>
    public sealed class RecordedRequest
    {
        public RecordedRequest(HttpMethod method, Uri uri, IReadOnlyDictionary<string, string> headers, string body)
        {
            Method = method;
            Uri = uri;
            Headers = headers;
            Body = body;
            Form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Where(p => !p[0].StartsWith("{", StringComparison.Ordinal))
                .GroupBy(p => Uri.UnescapeDataString(p[0]), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().Length > 1 ? Uri.UnescapeDataString(g.Last()[1]) : string.Empty, StringComparer.Ordinal);
        }

        public HttpMethod Method { get; }

        public Uri Uri { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        public string Body { get; }

        /// <summary>The body decoded as a Query protocol form (empty for JSON bodies).</summary>
        public IReadOnlyDictionary<string, string> Form { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
