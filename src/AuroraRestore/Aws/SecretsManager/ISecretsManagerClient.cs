using System;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.SecretsManager
{
    /// <summary>The Secrets Manager operations the module uses (botocore: secretsmanager/2017-10-17, JSON 1.1).</summary>
    public interface ISecretsManagerClient : IDisposable
    {
        /// <summary>The current value (stage AWSCURRENT). Never log it: <see cref="SecretValue"/> keeps it out of ToString.</summary>
        Task<SecretValue> GetSecretValueAsync(string secretId, CancellationToken cancellationToken);

        /// <returns>The secret's metadata (never its value), or null when it does not exist.</returns>
        Task<SecretDescription?> DescribeSecretAsync(string secretId, CancellationToken cancellationToken);
    }
}
