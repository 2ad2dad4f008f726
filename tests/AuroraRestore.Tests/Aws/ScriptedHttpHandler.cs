using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// The innermost HTTP handler of a client under test (AwsContext.Resolve's handlerFactory): answers each request with
    /// the next scripted response and records what it received, after signing, so tests see exactly what went on the wire.
    /// A request beyond the script fails the test instead of reaching any network.
    /// </summary>
    public sealed class ScriptedHttpHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> script = new Queue<Func<HttpResponseMessage>>();
        private readonly List<RecordedRequest> requests = new List<RecordedRequest>();

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

        public ScriptedHttpHandler Then(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
        {
            script.Enqueue(() =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                foreach (var (name, value) in headers)
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                return response;
            });
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
                    throw new InvalidOperationException($"Unscripted request #{requests.Count}: {request.Method} {request.RequestUri}");
                }

                next = script.Dequeue();
            }

            return next();
        }
    }

    public sealed class RecordedRequest
    {
        public RecordedRequest(HttpMethod method, Uri uri, IReadOnlyDictionary<string, string> headers, string body)
        {
            Method = method;
            Uri = uri;
            Headers = headers;
            Body = body;
        }

        public HttpMethod Method { get; }

        public Uri Uri { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        public string Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
