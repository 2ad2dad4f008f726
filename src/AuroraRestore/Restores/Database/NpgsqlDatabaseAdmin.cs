using System;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.Common;
using Npgsql;

namespace AuroraRestore.Restores.Database
{
    /// <summary>
    /// PostgreSQL (Aurora PostgreSQL) over Npgsql. Identifiers are quoted by the server (quote_ident/format), passwords
    /// are passed as parameters to format(), never concatenated into SQL text, and never logged.
    /// </summary>
    public sealed class NpgsqlDatabaseAdmin : IDatabaseAdmin
    {
        private readonly IOperationLog log;

        public NpgsqlDatabaseAdmin(IOperationLog log)
        {
            this.log = log;
        }

        public async Task<DatabaseUserSetupResult> SetupApplicationUserAsync(DatabaseEndpoint endpoint, DatabaseCredentials master, DatabaseCredentials application, CancellationToken cancellationToken)
        {
            log.Verbose($"PostgreSQL connect {endpoint} as {master.UserName}: set up user {application.UserName}");
            await using var connection = await OpenAsync(endpoint, master, cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            bool exists;
            await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @name)", connection, transaction))
            {
                check.Parameters.AddWithValue("name", application.UserName);
                exists = (bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? false);
            }

            // format() with %I quotes the identifier and %L the literal inside the server: no SQL is built from the values here.
            var roleSql = exists
                ? "SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', @name, @password)"
                : "SELECT format('CREATE ROLE %I WITH LOGIN PASSWORD %L', @name, @password)";
            await ExecuteFormattedAsync(connection, transaction, roleSql, application, endpoint.Database, cancellationToken).ConfigureAwait(false);
            await ExecuteFormattedAsync(connection, transaction, "SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', @database, @name)", application, endpoint.Database, cancellationToken).ConfigureAwait(false);
            await ExecuteFormattedAsync(connection, transaction, "SELECT format('GRANT USAGE, CREATE ON SCHEMA public TO %I', @name)", application, endpoint.Database, cancellationToken).ConfigureAwait(false);
            await ExecuteFormattedAsync(connection, transaction, "SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', @name)", application, endpoint.Database, cancellationToken).ConfigureAwait(false);
            await ExecuteFormattedAsync(connection, transaction, "SELECT format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', @name)", application, endpoint.Database, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            log.Verbose($"PostgreSQL user {application.UserName} {(exists ? "existed: password reset and grants applied" : "created with its grants")}");
            return new DatabaseUserSetupResult(application.UserName, !exists);
        }

        public async Task<string> VerifyConnectionAsync(DatabaseEndpoint endpoint, DatabaseCredentials credentials, CancellationToken cancellationToken)
        {
            log.Verbose($"PostgreSQL connect {endpoint} as {credentials.UserName}: SELECT version()");
            await using var connection = await OpenAsync(endpoint, credentials, cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT version()", connection);
            return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty);
        }

        private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string formatSql, DatabaseCredentials user, string database, CancellationToken cancellationToken)
        {
            string statement;
            await using (var format = new NpgsqlCommand(formatSql, connection, transaction))
            {
                format.Parameters.AddWithValue("name", user.UserName);
                if (formatSql.Contains("@password", StringComparison.Ordinal))
                {
                    format.Parameters.AddWithValue("password", user.Password);
                }

                if (formatSql.Contains("@database", StringComparison.Ordinal))
                {
                    format.Parameters.AddWithValue("database", database);
                }

                statement = (string)(await format.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await using var execute = new NpgsqlCommand(statement, connection, transaction);
            await execute.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        private static async Task<NpgsqlConnection> OpenAsync(DatabaseEndpoint endpoint, DatabaseCredentials credentials, CancellationToken cancellationToken)
        {
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                Database = endpoint.Database,
                Username = credentials.UserName,
                Password = credentials.Password,
                Timeout = 15,
                Pooling = false,
            };
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (Exception ex) when (ex is NpgsqlException || ex is TimeoutException)
            {
                await connection.DisposeAsync().ConfigureAwait(false);

                // The message names the endpoint and user, never the password (Npgsql's own messages do not include it).
                throw new AuroraRestoreException(
                    "DatabaseConnectionFailed", FailureCategory.ConnectionError, endpoint.ToString(),
                    $"Could not connect to {endpoint} as {credentials.UserName}: {ex.Message}",
                    "Check the security groups and network path to the cluster (or the database endpoint override), and the credentials in Secrets Manager.", ex);
            }
        }
    }
}
