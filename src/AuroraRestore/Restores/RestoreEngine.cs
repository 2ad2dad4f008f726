using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Restores.Steps;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// Starts, drives, follows and stops restore operations of one environment. The same steps run here (-Local, Wait-
    /// AuroraRestore) and in the pipeline's Lambda functions; every step saves its progress, so any host carries an
    /// operation on after a crash.
    /// </summary>
    public sealed class RestoreEngine
    {
        private readonly RestoreServices services;
        private readonly PipelineEnvironment environment;
        private readonly IRestoreSettingsSource? settingsSource;
        private readonly Func<CancellationToken, Task<PipelineDeployment>> readDeployment;
        private PipelineDeployment? deployment;
        private OperationStore? store;

        public RestoreEngine(RestoreServices services, PipelineEnvironment environment, IRestoreSettingsSource? settingsSource, Func<CancellationToken, Task<PipelineDeployment>> readDeployment)
        {
            this.services = services;
            this.environment = environment;
            this.settingsSource = settingsSource;
            this.readDeployment = readDeployment;
        }

        /// <summary>How often a waiting check step is polled (the state machine waits 30 s).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

        public PipelineEnvironment Environment => environment;

        public async Task<PipelineDeployment> DeploymentAsync(CancellationToken cancellationToken)
            => deployment ??= await readDeployment(cancellationToken).ConfigureAwait(false);

        public async Task<OperationStore> StoreAsync(CancellationToken cancellationToken)
        {
            if (store == null)
            {
                var deployed = await DeploymentAsync(cancellationToken).ConfigureAwait(false);
                store = new OperationStore(services.DynamoDb, environment.StateTableName, environment.AuditTableName, deployed.PipelineVersion);
            }

            return store;
        }

        /// <summary>Checks the values and the AWS side, refuses during an intake freeze; nothing has changed when it throws.</summary>
        public async Task<RestoreSettings> ValidateAsync(RestoreRequest request, string defaultRegion, CancellationToken cancellationToken)
        {
            var configured = settingsSource == null ? null : await settingsSource.LoadAsync(environment, cancellationToken).ConfigureAwait(false);
            var settings = RestoreValidator.Resolve(configured, request, defaultRegion);
            await RestoreValidator.CheckAgainstAwsAsync(settings, request, services, cancellationToken).ConfigureAwait(false);
            var freeze = await new IntakeFreezeReader(services.DynamoDb, environment.ControlTableName).ReadAsync(services.Now, cancellationToken).ConfigureAwait(false);
            if (freeze != null)
            {
                var when = freeze.Until.HasValue ? "after " + IsoTime.FormatSeconds(freeze.Until.Value) : "when the upgrade has finished";
                throw new AuroraRestoreException(
                    "IntakeFrozen", FailureCategory.ResourceBusy, environment.Name,
                    $"Environment '{environment.Name}' takes no new restores: {freeze.Reason}. Retry {when}.",
                    $"Start the restore again {when}; operations already running carry on.");
            }

            return settings;
        }

        /// <summary>
        /// Writes the operation (completed = false) and its audit record, then starts the state machine execution named
        /// after the operation id, or (with <see cref="RestoreRequest.Local"/>) leaves it for <see cref="DriveAsync"/>.
        /// </summary>
        public async Task<OperationRecord> StartAsync(RestoreRequest request, RestoreSettings settings, CancellationToken cancellationToken)
        {
            var deployed = await DeploymentAsync(cancellationToken).ConfigureAwait(false);
            var operations = await StoreAsync(cancellationToken).ConfigureAwait(false);
            if (!request.Local && deployed.StateMachineArn == null)
            {
                throw new AuroraRestoreException(
                    "StateMachineNotFound", FailureCategory.ObjectNotFound, environment.MainStackName,
                    $"The pipeline of '{environment.Name}' has no state machine to run the restore.",
                    "Repair the pipeline, or run the restore in this session with -Local.");
            }

            var now = services.Now;
            var record = new OperationRecord(request.OperationId ?? RestoreIdentifiers.NewOperationId())
            {
                Status = OperationStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
                RequestedBy = request.RequestedBy,
            };
            OperationData.Write(record, settings, request, environment.Name);
            await operations.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            var created = new AuditEvent(record.OperationId, now, StepNames.Operation, "started") { Actor = request.RequestedBy == "unknown" ? "module" : request.RequestedBy };
            created.Details["source_cluster_id"] = settings.SourceClusterIdentifier;
            created.Details["target_cluster_id"] = settings.TargetClusterIdentifier;
            created.Details["host"] = request.Local ? "local" : "pipeline";
            await operations.AppendAuditAsync(created, cancellationToken).ConfigureAwait(false);
            if (request.Local)
            {
                return record;
            }

            try
            {
                var executionArn = await services.RequireStepFunctions().StartExecutionAsync(deployed.StateMachineArn!, record.OperationId, StateJson.From(record).ToJsonString(), cancellationToken).ConfigureAwait(false);
                record.Data[OperationData.ExecutionArn] = executionArn;
                record.Status = OperationStatus.InProgress;
                record.UpdatedAt = services.Now;
                await operations.SaveAsync(record, cancellationToken).ConfigureAwait(false);
                return record;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // Never leave a pending operation that nothing will run.
                record.Status = OperationStatus.Failed;
                record.Completed = true;
                record.Error = RestoreStepExecutor.ToOperationError(ex, StepNames.Operation);
                record.UpdatedAt = services.Now;
                await operations.SaveAsync(record, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        public async Task<OperationRecord> RequireAsync(string operationId, CancellationToken cancellationToken)
        {
            var operations = await StoreAsync(cancellationToken).ConfigureAwait(false);
            return await operations.GetAsync(operationId, cancellationToken).ConfigureAwait(false) ?? throw new AuroraRestoreException(
                "OperationNotFound", FailureCategory.ObjectNotFound, operationId,
                $"No restore operation '{operationId}' in environment '{environment.Name}'.",
                "List operations with Get-AuroraRestore, and check -Environment and -Region.");
        }

        /// <summary>Follows an operation to its end: drives a local one step by step, polls a pipeline one.</summary>
        public async Task<OperationRecord> FollowAsync(string operationId, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            var record = await RequireAsync(operationId, cancellationToken).ConfigureAwait(false);
            return record.DataString(OperationData.Host) == "pipeline"
                ? await PollAsync(operationId, timeout, cancellationToken).ConfigureAwait(false)
                : await DriveAsync(operationId, timeout, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Runs the remaining steps of a local operation in this process, from wherever it stopped.</summary>
        public async Task<OperationRecord> DriveAsync(string operationId, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            var deadline = timeout.HasValue ? services.Now + timeout.Value : (DateTimeOffset?)null;
            var deployed = await DeploymentAsync(cancellationToken).ConfigureAwait(false);
            var operations = await StoreAsync(cancellationToken).ConfigureAwait(false);
            var executor = new RestoreStepExecutor(operations);
            var configured = settingsSource == null ? null : await settingsSource.LoadAsync(environment, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var record = await RequireAsync(operationId, cancellationToken).ConfigureAwait(false);
                if (OperationStatus.IsFinal(record.Status))
                {
                    return record;
                }

                var next = RestoreWorkflow.NextStep(record);
                if (next == null)
                {
                    return record;
                }

                var context = new StepContext(record, OperationData.ReadSettings(record, configured), deployed, services, "module");
                services.Log.Progress(new ProgressReport(1, "Restore " + operationId, next, RestoreWorkflow.PercentComplete(next)));
                StepResult result;
                try
                {
                    result = await executor.RunAsync(context, RestoreStepCatalog.Get(next), cancellationToken).ConfigureAwait(false);
                }
                catch (AuroraRestoreException stopped) when (stopped.ErrorId == "OperationStopped")
                {
                    return await RequireAsync(operationId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    services.Log.Warning($"Operation {operationId} failed at {next}: {ex.Message}");
                    await NotifyFailureAsync(context, executor, cancellationToken).ConfigureAwait(false);
                    return await RequireAsync(operationId, cancellationToken).ConfigureAwait(false);
                }

                if (result == StepResult.Waiting)
                {
                    if (deadline.HasValue && services.Now >= deadline.Value)
                    {
                        throw WaitTimeout(operationId, timeout!.Value);
                    }

                    services.Log.Verbose($"{next}: not done yet, checking again in {PollInterval.TotalSeconds:0} s");
                    await Task.Delay(PollInterval, services.Clock, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Polls an operation the state machine runs until it ends (or the timeout).</summary>
        public async Task<OperationRecord> PollAsync(string operationId, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            var deadline = timeout.HasValue ? services.Now + timeout.Value : (DateTimeOffset?)null;
            while (true)
            {
                var record = await RequireAsync(operationId, cancellationToken).ConfigureAwait(false);
                services.Log.Progress(new ProgressReport(1, "Restore " + operationId, record.Step ?? record.Status, RestoreWorkflow.PercentComplete(record.Step)));
                if (OperationStatus.IsFinal(record.Status))
                {
                    return record;
                }

                var executionArn = record.DataString(OperationData.ExecutionArn);
                if (executionArn != null && services.StepFunctions != null)
                {
                    var execution = await services.StepFunctions.DescribeExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false);
                    if (execution != null && execution.Status != "RUNNING")
                    {
                        services.Log.Verbose($"Execution {execution.Name} is {execution.Status}");
                        return record;
                    }
                }

                if (deadline.HasValue && services.Now >= deadline.Value)
                {
                    throw WaitTimeout(operationId, timeout!.Value);
                }

                await Task.Delay(PollInterval, services.Clock, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Stops an operation: the state machine execution, or (for a local run) the runner at its next step; records why;
        /// with <paramref name="removeTarget"/> deletes the cluster, instances and snapshot copy this operation created.
        /// </summary>
        public async Task<OperationRecord> StopAsync(string operationId, string reason, bool removeTarget, CancellationToken cancellationToken)
        {
            var operations = await StoreAsync(cancellationToken).ConfigureAwait(false);
            var record = await RequireAsync(operationId, cancellationToken).ConfigureAwait(false);
            if (OperationStatus.IsFinal(record.Status) && !removeTarget)
            {
                throw new AuroraRestoreException(
                    "OperationAlreadyEnded", FailureCategory.InvalidOperation, operationId,
                    $"Operation {operationId} has already ended ({record.Status}).",
                    "Nothing to stop. Add -RemoveTarget to remove what it created.");
            }

            var executionArn = record.DataString(OperationData.ExecutionArn);
            if (!OperationStatus.IsFinal(record.Status))
            {
                if (executionArn != null)
                {
                    await services.RequireStepFunctions().StopExecutionAsync(executionArn, "StoppedByUser", reason, cancellationToken).ConfigureAwait(false);
                }

                record.Status = OperationStatus.Stopped;
                record.Completed = true;
                record.Data[OperationData.StopReason] = reason;
                record.UpdatedAt = services.Now;
                record.DurationMs = (long)(record.UpdatedAt - record.CreatedAt).TotalMilliseconds;
                await operations.SaveAsync(record, cancellationToken, overrideStop: true).ConfigureAwait(false);
                var stopped = new AuditEvent(operationId, services.Now, StepNames.Operation, "stopped") { Actor = "module" };
                stopped.Details["reason"] = reason;
                await operations.AppendAuditAsync(stopped, cancellationToken).ConfigureAwait(false);
            }

            if (removeTarget)
            {
                await RemoveCreatedAsync(record, cancellationToken).ConfigureAwait(false);
                record.Data["target_removed"] = true;
                record.UpdatedAt = services.Now;
                await operations.SaveAsync(record, cancellationToken, overrideStop: true).ConfigureAwait(false);
            }

            return record;
        }

        private async Task RemoveCreatedAsync(OperationRecord record, CancellationToken cancellationToken)
        {
            var settings = OperationData.ReadSettings(record, null);
            var rds = services.Rds(settings.TargetRegion);
            var cluster = await rds.DescribeDbClusterAsync(settings.TargetClusterIdentifier, cancellationToken).ConfigureAwait(false);
            if (cluster != null && RestoreTags.BelongsTo(cluster, record.OperationId))
            {
                // Only what this operation created (its tag says so) is removed: never a cluster it did not make.
                var instances = await rds.DescribeDbInstancesAsync(null, cluster.DbClusterIdentifier, cancellationToken).ConfigureAwait(false);
                foreach (var instance in instances.Where(i => i.DbInstanceStatus != "deleting"))
                {
                    await rds.DeleteDbInstanceAsync(instance.DbInstanceIdentifier, cancellationToken).ConfigureAwait(false);
                }

                await rds.DeleteDbClusterAsync(cluster.DbClusterIdentifier, null, cancellationToken).ConfigureAwait(false);
            }

            if (record.DataBool(OperationData.Copied))
            {
                var copy = record.DataString(OperationData.TargetSnapshotName);
                if (copy != null && await rds.DescribeDbClusterSnapshotAsync(copy, cancellationToken).ConfigureAwait(false) != null)
                {
                    await rds.DeleteDbClusterSnapshotAsync(copy, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task NotifyFailureAsync(StepContext failedContext, RestoreStepExecutor executor, CancellationToken cancellationToken)
        {
            try
            {
                var record = await RequireAsync(failedContext.OperationId, cancellationToken).ConfigureAwait(false);
                var context = new StepContext(record, failedContext.Settings, failedContext.Deployment, services, "module");
                await executor.RunAsync(context, new SnsNotificationStep(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                services.Log.Warning($"Operation {failedContext.OperationId}: the failure notification could not be sent: {ex.Message}");
            }
        }

        private static AuroraRestoreException WaitTimeout(string operationId, TimeSpan timeout) => new AuroraRestoreException(
            "WaitTimeout", FailureCategory.OperationTimeout, operationId,
            $"Operation {operationId} did not end within {timeout}. It goes on; nothing was stopped.",
            $"Follow it again with Wait-AuroraRestore -OperationId {operationId}, or stop it with Stop-AuroraRestore.");
    }
}
