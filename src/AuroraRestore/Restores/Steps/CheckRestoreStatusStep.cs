using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// Step 4b: once the cluster is available, creates its instances (each only once: they are found by name), and sets
    /// <c>restore_done</c> with the endpoint when the cluster and every instance are available.
    /// </summary>
    public sealed class CheckRestoreStatusStep : IRestoreStep
    {
        public string Name => StepNames.CheckRestoreStatus;

        public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var record = context.Record;
            var settings = context.Settings;
            var cluster = await context.TargetRds.DescribeDbClusterAsync(context.TargetCluster, cancellationToken).ConfigureAwait(false);
            if (cluster == null || !RestoreTags.BelongsTo(cluster, record.OperationId))
            {
                throw new AuroraRestoreException(
                    "RestoredClusterMissing", FailureCategory.InvalidResult, context.TargetCluster,
                    $"The restored cluster '{context.TargetCluster}' is missing in {settings.TargetRegion}, or no longer carries this operation's tag.",
                    "Check the cluster in the RDS console; start a new restore if it was deleted.");
            }

            record.Data[OperationData.RestoreDone] = false;
            if (cluster.Status != "available")
            {
                return StepResult.Waiting;
            }

            var instances = await context.TargetRds.DescribeDbInstancesAsync(null, context.TargetCluster, cancellationToken).ConfigureAwait(false);
            var names = new JsonArray();
            var allAvailable = true;
            for (var i = 1; i <= settings.InstanceCount; i++)
            {
                var name = RestoreIdentifiers.InstanceName(context.TargetCluster, i);
                names.Add(name);
                var instance = instances.FirstOrDefault(x => x.DbInstanceIdentifier == name);
                if (instance == null)
                {
                    var create = new InstanceCreateRequest(name, context.TargetCluster, settings.DbInstanceClass, settings.Engine);
                    foreach (var tag in RestoreTags.For(context))
                    {
                        create.Tags[tag.Key] = tag.Value;
                    }

                    instance = await context.TargetRds.CreateDbInstanceAsync(create, cancellationToken).ConfigureAwait(false);
                }

                allAvailable &= instance.DbInstanceStatus == "available";
            }

            record.Data[OperationData.InstanceIdentifiers] = names;
            record.Data[OperationData.ClusterEndpoint] = cluster.Endpoint;
            record.Data[OperationData.ClusterPort] = cluster.Port ?? settings.Port;
            record.Data[OperationData.RestoreDone] = allAvailable;
            return allAvailable ? StepResult.Succeeded : StepResult.Waiting;
        }
    }
}
