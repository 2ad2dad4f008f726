using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Protocol;

namespace AuroraRestore.Aws.SecretsManager
{
    /// <summary>Secrets Manager over JSON 1.1 (botocore: secretsmanager/2017-10-17, target prefix "secretsmanager").</summary>
    public sealed class SecretsManagerClient : JsonServiceClient, ISecretsManagerClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("SecretsManager", "secretsmanager", "secretsmanager");

        public SecretsManagerClient(AwsContext context)
            : base(context, Endpoint, "secretsmanager", "1.1")
        {
        }

        public async Task<SecretValue> GetSecretValueAsync(string secretId, CancellationToken cancellationToken)
        {
            // The narration names the secret, never its value; the transport logs nothing of the answer.
            var result = await InvokeAsync("GetSecretValue", new JsonObject { ["SecretId"] = secretId }, secretId, cancellationToken).ConfigureAwait(false);
            return new SecretValue((string?)result["ARN"] ?? string.Empty, (string?)result["Name"] ?? secretId, (string?)result["VersionId"], (string?)result["SecretString"]);
        }

        public async Task<SecretDescription?> DescribeSecretAsync(string secretId, CancellationToken cancellationToken)
        {
            try
            {
                var result = await InvokeAsync("DescribeSecret", new JsonObject { ["SecretId"] = secretId }, secretId, cancellationToken).ConfigureAwait(false);
                return new SecretDescription
                {
                    Arn = (string?)result["ARN"] ?? string.Empty,
                    Name = (string?)result["Name"] ?? secretId,
                    Description = (string?)result["Description"],
                    KmsKeyId = (string?)result["KmsKeyId"],
                    LastChangedDate = EpochSeconds(result["LastChangedDate"]),
                    DeletedDate = EpochSeconds(result["DeletedDate"]),
                };
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                return null;
            }
        }

        /// <summary>JSON protocols send timestamps as epoch seconds (a number, possibly fractional).</summary>
        private static DateTimeOffset? EpochSeconds(JsonNode? node)
        {
            if (node is JsonValue value && value.TryGetValue<double>(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            }

            return null;
        }
    }
}
