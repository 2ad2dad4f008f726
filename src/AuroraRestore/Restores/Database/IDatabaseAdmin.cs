using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.SecretsManager;

namespace AuroraRestore.Restores.Database
{
    /// <summary>What the setup-db-users and verify-restore steps do inside the restored database.</summary>
    public interface IDatabaseAdmin
    {
        /// <summary>
        /// Connects as the master user and creates the application user, or resets its password when it exists,
        /// then grants it the database. Idempotent: a retried step changes nothing more.
        /// </summary>
        Task<DatabaseUserSetupResult> SetupApplicationUserAsync(DatabaseEndpoint endpoint, DatabaseCredentials master, DatabaseCredentials application, CancellationToken cancellationToken);

        /// <summary>Connects as <paramref name="credentials"/> and runs a simple query; returns the server version.</summary>
        Task<string> VerifyConnectionAsync(DatabaseEndpoint endpoint, DatabaseCredentials credentials, CancellationToken cancellationToken);
    }
}
