using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Base of the clients for REST-JSON services (Lambda): the operation is the HTTP method and path,
    /// the payload a JSON body, errors in the <c>x-amzn-ErrorType</c> header and the body.
    /// </summary>
    public abstract class RestJsonServiceClient : IDisposable
    {
        private readonly AwsTransport transport;

        protected RestJsonServiceClient(AwsContext context, AwsServiceEndpoint service)
        {
            transport = new AwsTransport(context, service);
        }

        /// <summary>Path segments are escaped here; pass them raw.</summary>
        protected static string Path(params string[] segments) => "/" + string.Join("/", segments.Select(Uri.EscapeDataString));

        protected async Task<JsonObject> InvokeAsync(string operation, HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query, JsonObject? payload, string narration, CancellationToken cancellationToken)
        {
            var uri = new UriBuilder(transport.BaseUri) { Path = transport.BaseUri.AbsolutePath.TrimEnd('/') + path };
            if (query != null)
            {
                uri.Query = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
            }

            var bytes = payload == null ? null : Encoding.UTF8.GetBytes(payload.ToJsonString());
            var body = await transport.SendAsync(
                operation,
                narration,
                () =>
                {
                    var message = new HttpRequestMessage(method, uri.Uri);
                    if (bytes != null)
                    {
                        message.Content = new ByteArrayContent(bytes);
                        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
                    }

                    return message;
                },
                JsonErrors.Parse,
                cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(body) ? new JsonObject() : (JsonNode.Parse(body) as JsonObject ?? new JsonObject());
        }

        public void Dispose() => transport.Dispose();
    }
}
