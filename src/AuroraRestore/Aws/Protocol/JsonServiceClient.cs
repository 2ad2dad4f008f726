using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Base of the clients for services that speak the AWS JSON protocol (Step Functions: JSON 1.0, Secrets Manager: JSON 1.1):
    /// a POST with <c>X-Amz-Target: {prefix}.{Operation}</c> and a JSON body both ways.
    /// </summary>
    public abstract class JsonServiceClient : IDisposable
    {
        private readonly AwsTransport transport;
        private readonly string targetPrefix;
        private readonly string contentType;

        protected JsonServiceClient(AwsContext context, AwsServiceEndpoint service, string targetPrefix, string jsonVersion)
        {
            transport = new AwsTransport(context, service);
            this.targetPrefix = targetPrefix;
            contentType = "application/x-amz-json-" + jsonVersion;
        }

        protected async Task<JsonObject> InvokeAsync(string operation, JsonObject payload, string narration, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
            var body = await transport.SendAsync(
                operation,
                narration,
                () =>
                {
                    var message = new HttpRequestMessage(HttpMethod.Post, transport.BaseUri) { Content = new ByteArrayContent(bytes) };
                    message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    message.Headers.TryAddWithoutValidation("X-Amz-Target", targetPrefix + "." + operation);
                    return message;
                },
                JsonErrors.Parse,
                cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(body) ? new JsonObject() : (JsonNode.Parse(body) as JsonObject ?? new JsonObject());
        }

        public void Dispose() => transport.Dispose();
    }
}
