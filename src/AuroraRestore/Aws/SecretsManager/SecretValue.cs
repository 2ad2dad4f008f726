using System;
using System.Text.Json;

namespace AuroraRestore.Aws.SecretsManager
{
    /// <summary>
    /// A secret's value as GetSecretValue returns it. The value itself is only reachable through <see cref="Reveal"/> and
    /// <see cref="ReadCredentials"/>, and is kept out of <see cref="ToString"/>, so a log line or an error message that
    /// prints this object never prints the secret.
    /// </summary>
    public sealed class SecretValue
    {
        private readonly string? secretString;

        public SecretValue(string arn, string name, string? versionId, string? secretString)
        {
            Arn = arn;
            Name = name;
            VersionId = versionId;
            this.secretString = secretString;
        }

        public string Arn { get; }

        public string Name { get; }

        public string? VersionId { get; }

        public bool HasString => secretString != null;

        /// <summary>The secret string; call only where it is used (a connection), never to log or display it.</summary>
        public string Reveal() => secretString ?? string.Empty;

        /// <summary>
        /// Reads the RDS credential convention <c>{"username": ..., "password": ...}</c>. Returns null when the secret is
        /// not such a document; the exception text never quotes the value.
        /// </summary>
        public DatabaseCredentials? ReadCredentials()
        {
            if (secretString == null)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(secretString);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("username", out var user) || user.ValueKind != JsonValueKind.String
                    || !document.RootElement.TryGetProperty("password", out var password) || password.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                return new DatabaseCredentials(user.GetString()!, password.GetString()!);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public override string ToString() => $"{Name} (version {VersionId ?? "?"}, value hidden)";
    }
}
