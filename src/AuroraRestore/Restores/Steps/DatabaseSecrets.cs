using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.Common;
using AuroraRestore.Restores.Database;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>Reads the master and application credentials and works out where to connect: shared by setup-db-users and verify-restore.</summary>
    public static class DatabaseSecrets
    {
        public static async Task<DatabaseCredentials> ReadAsync(StepContext context, string secretId, CancellationToken cancellationToken)
        {
            var value = await context.Services.Secrets(context.Settings.TargetRegion).GetSecretValueAsync(secretId, cancellationToken).ConfigureAwait(false);
            return value.ReadCredentials() ?? throw new AuroraRestoreException(
                "SecretNotCredentials", FailureCategory.InvalidData, secretId,
                $"The secret '{secretId}' is not a JSON document with string fields username and password.",
                "Store the credentials as {\"username\": \"...\", \"password\": \"...\"} in Secrets Manager.");
        }

        public static DatabaseEndpoint EndpointOf(StepContext context)
        {
            var database = context.Settings.DatabaseName;
            var endpointOverride = context.Settings.DatabaseEndpointOverride;
            if (!string.IsNullOrEmpty(endpointOverride))
            {
                var colon = endpointOverride!.LastIndexOf(':');
                if (colon > 0 && int.TryParse(endpointOverride.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    return new DatabaseEndpoint(endpointOverride.Substring(0, colon), port, database);
                }

                return new DatabaseEndpoint(endpointOverride, context.Settings.Port, database);
            }

            var host = context.Record.DataString(OperationData.ClusterEndpoint) ?? throw new AuroraRestoreException(
                "ClusterEndpointUnknown", FailureCategory.InvalidOperation, context.TargetCluster,
                $"The endpoint of '{context.TargetCluster}' is not recorded yet.",
                "Let check-restore-status finish first (Wait-AuroraRestore carries the operation on).");
            return new DatabaseEndpoint(host, context.Record.DataInt(OperationData.ClusterPort) ?? context.Settings.Port, database);
        }
    }
}
