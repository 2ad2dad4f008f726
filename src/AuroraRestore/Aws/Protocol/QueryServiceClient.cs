using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Base of the clients for services that speak the AWS Query protocol: a form-encoded POST, an XML answer
    /// whose payload is the <c>{Action}Result</c> element, and <c>ErrorResponse/Error/Code</c> on failure.
    /// </summary>
    public abstract class QueryServiceClient : IDisposable
    {
        private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
        private readonly AwsTransport transport;

        protected QueryServiceClient(AwsContext context, AwsServiceEndpoint service, string apiVersion)
        {
            transport = new AwsTransport(context, service);
            ApiVersion = apiVersion;
        }

        protected string ApiVersion { get; }

        protected QueryRequest NewRequest(string action) => new QueryRequest(action, ApiVersion);

        /// <summary>Sends the request and returns its <c>{Action}Result</c> element (an empty one when the answer has none).</summary>
        protected async Task<XElement> InvokeAsync(QueryRequest request, string narration, CancellationToken cancellationToken)
        {
            var bytes = request.ToBytes();
            var body = await transport.SendAsync(
                request.Action,
                narration,
                () =>
                {
                    var message = new HttpRequestMessage(HttpMethod.Post, transport.BaseUri) { Content = new ByteArrayContent(bytes) };
                    message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(FormContentType);
                    return message;
                },
                ParseError,
                cancellationToken).ConfigureAwait(false);

            var document = XDocument.Parse(body);
            return document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == request.Action + "Result")
                ?? new XElement(request.Action + "Result");
        }

        public void Dispose() => transport.Dispose();

        private static (string Code, string Message) ParseError(HttpResponseMessage response, string body)
        {
            try
            {
                // moto's auth errors nest one level deeper (<Errors><Error>): find Error by local name anywhere.
                var error = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                if (error != null)
                {
                    return (Xml.Text(error, "Code") ?? AwsTransport.StatusFallbackCode(response.StatusCode), Xml.Text(error, "Message") ?? string.Empty);
                }
            }
            catch (System.Xml.XmlException)
            {
                // Not XML (a proxy's or load balancer's page): fall back to the status code below.
            }

            return (AwsTransport.StatusFallbackCode(response.StatusCode), Truncate(body));
        }

        internal static string Truncate(string body) => body.Length > 300 ? body.Substring(0, 300) + "..." : body;
    }
}
