using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 6: the cluster is available with the expected number of available instances, and (when database users are
    /// set up) the application user can connect and run a simple query.
    /// </summary>
    public sealed class VerifyRestoreStep : IRestoreStep
    {
        public string Name => StepNames.VerifyRestore;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var settings = context.Settings;
            var cluster = await context.TargetRds.DescribeDbClusterAsync(context.TargetCluster, cancellationToken).ConfigureAwait(false);
            var instances = await context.TargetRds.DescribeDbInstancesAsync(null, context.TargetCluster, cancellationToken).ConfigureAwait(false);
            var available = instances.Count(i => i.DbInstanceStatus == "available");
            if (cluster == null || cluster.Status != "available" || available < settings.InstanceCount)
            {
                throw new AuroraRestoreException(
                    "RestoreVerificationFailed", FailureCategory.InvalidResult, context.TargetCluster,
                    $"The restored cluster '{context.TargetCluster}' is {(cluster == null ? "missing" : cluster.Status)} with {available} of {settings.InstanceCount} instances available.",
                    "Inspect the cluster in RDS; remove it with Stop-AuroraRestore -RemoveTarget and restore again if it cannot recover.");
            }

            var verification = new JsonObject { ["cluster_status"] = cluster.Status, ["instances_available"] = available };
            if (settings.SetupDbUsers && settings.AppSecretId != null && settings.MasterSecretId != null)
            {
                var application = await DatabaseSecrets.ReadAsync(context, settings.AppSecretId, cancellationToken).ConfigureAwait(false);
                var version = await context.Services.Database.VerifyConnectionAsync(DatabaseSecrets.EndpointOf(context), application, cancellationToken).ConfigureAwait(false);
                verification["database_version"] = version;
                verification["connected_as"] = application.UserName;
            }

            context.Record.Data["verification"] = verification;
            return StepResult.Succeeded;
        }
    }
}
