using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 5: reads the master and application credentials from Secrets Manager and creates the application user (or
    /// resets its password) with its grants. Disabled by setup_db_users = false in the configuration.
    /// </summary>
    public sealed class SetupDbUsersStep : IRestoreStep
    {
        public string Name => StepNames.SetupDbUsers;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var settings = context.Settings;
            if (!settings.SetupDbUsers || settings.MasterSecretId == null || settings.AppSecretId == null)
            {
                context.Log.Verbose("setup-db-users is disabled in the configuration (or no secrets are configured): skipped");
                return StepResult.Skipped;
            }

            var master = await DatabaseSecrets.ReadAsync(context, settings.MasterSecretId, cancellationToken).ConfigureAwait(false);
            var application = await DatabaseSecrets.ReadAsync(context, settings.AppSecretId, cancellationToken).ConfigureAwait(false);
            var endpoint = DatabaseSecrets.EndpointOf(context);
            var result = await context.Services.Database.SetupApplicationUserAsync(endpoint, master, application, cancellationToken).ConfigureAwait(false);
            context.Record.Data["db_users"] = new JsonObject
            {
                ["application_user"] = result.UserName,
                ["created"] = result.Created,
                ["database"] = endpoint.Database,
            };
            return StepResult.Succeeded;
        }
    }
}
