using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>
    /// The SigV4 query-string pre-signed URL that RDS needs to copy an encrypted snapshot across regions: the copy runs in
    /// the destination region and uses this URL, signed for the source region, to read the snapshot there. The AWS SDKs
    /// build it from SourceRegion; our hand-written client has to build it itself.
    /// </summary>
    public static class RdsPresignedUrl
    {
        private const string Algorithm = "AWS4-HMAC-SHA256";
        private const string Service = "rds";

        // A GET has no body: botocore signs the SHA-256 of the empty string (S3 alone uses UNSIGNED-PAYLOAD).
        private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        /// <summary>
        /// Signs <paramref name="parameters"/> (the operation's, Action and Version included) as a GET to
        /// <paramref name="sourceEndpoint"/> (the source region's RDS endpoint or the endpoint override), valid for
        /// <paramref name="expiresSeconds"/> from <paramref name="now"/>.
        /// </summary>
        public static string Create(IEnumerable<KeyValuePair<string, string>> parameters, Uri sourceEndpoint, string sourceRegion, ImmutableCredentials credentials, DateTimeOffset now, int expiresSeconds = 3600)
        {
            var time = now.UtcDateTime;
            var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var scope = $"{date}/{sourceRegion}/{Service}/aws4_request";
            var query = parameters.ToList();
            query.Add(new KeyValuePair<string, string>("X-Amz-Algorithm", Algorithm));
            query.Add(new KeyValuePair<string, string>("X-Amz-Credential", credentials.AccessKey + "/" + scope));
            query.Add(new KeyValuePair<string, string>("X-Amz-Date", amzDate));
            query.Add(new KeyValuePair<string, string>("X-Amz-Expires", expiresSeconds.ToString(CultureInfo.InvariantCulture)));
            query.Add(new KeyValuePair<string, string>("X-Amz-SignedHeaders", "host"));
            if (credentials.UseToken)
            {
                query.Add(new KeyValuePair<string, string>("X-Amz-Security-Token", credentials.Token));
            }

            var canonicalQuery = string.Join("&", query
                .Select(p => new KeyValuePair<string, string>(Encode(p.Key), Encode(p.Value)))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value));
            var host = sourceEndpoint.IsDefaultPort ? sourceEndpoint.Host : sourceEndpoint.Host + ":" + sourceEndpoint.Port.ToString(CultureInfo.InvariantCulture);
            var path = string.IsNullOrEmpty(sourceEndpoint.AbsolutePath) ? "/" : sourceEndpoint.AbsolutePath;
            var canonicalRequest = string.Join("\n", "GET", path, canonicalQuery, "host:" + host, string.Empty, "host", EmptyPayloadHash);
            var stringToSign = string.Join("\n", Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
            var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), date);
            key = Hmac(key, sourceRegion);
            key = Hmac(key, Service);
            key = Hmac(key, "aws4_request");
            var signature = Hex(Hmac(key, stringToSign));
            return $"{sourceEndpoint.Scheme}://{host}{path}?{canonicalQuery}&X-Amz-Signature={signature}";
        }

        /// <summary>RFC 3986 unreserved characters stay; everything else is percent-encoded (SigV4's rule).</summary>
        private static string Encode(string value)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }

        private static byte[] Hmac(byte[] key, string data)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
        }

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }
}
