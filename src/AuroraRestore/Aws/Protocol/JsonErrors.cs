using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>Error parsing for the JSON protocols: <c>__type</c> (or the <c>x-amzn-ErrorType</c> header) and <c>message</c>.</summary>
    public static class JsonErrors
    {
        public static (string Code, string Message) Parse(HttpResponseMessage response, string body)
        {
            string? code = null;
            string? message = null;
            if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
            {
                code = values.FirstOrDefault();
            }

            try
            {
                if (JsonNode.Parse(body) is JsonObject json)
                {
                    code ??= (string?)json["__type"] ?? (string?)json["Type"] ?? (string?)json["code"];
                    message = (string?)json["message"] ?? (string?)json["Message"];
                }
            }
            catch (JsonException)
            {
                // Not JSON: keep what the header and the status say.
            }

            code = Clean(code) ?? AwsTransport.StatusFallbackCode(response.StatusCode);
            return (code, message ?? QueryServiceClient.Truncate(body));
        }

        /// <summary>"com.amazonaws.x#ResourceNotFound" and "ResourceNotFound:http://..." both become "ResourceNotFound".</summary>
        private static string? Clean(string? code)
        {
            if (string.IsNullOrEmpty(code))
            {
                return null;
            }

            var hash = code!.LastIndexOf('#');
            if (hash >= 0)
            {
                code = code.Substring(hash + 1);
            }

            var colon = code.IndexOf(':');
            return colon >= 0 ? code.Substring(0, colon) : code;
        }
    }
}
