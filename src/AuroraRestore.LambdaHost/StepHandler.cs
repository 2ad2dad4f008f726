using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Restores;
using AuroraRestore.Restores.Steps;
using AuroraRestore.State;

namespace AuroraRestore.LambdaHost
{
    /// <summary>
    /// Runs one step for the state machine: loads the operation named by the input's operation_id (creating it from the
    /// input when an execution was started by hand), runs the step through the same executor as -Local, and returns the
    /// new state JSON, which replaces the execution's state.
    /// </summary>
    public sealed class StepHandler
    {
        private readonly RestoreServices services;
        private readonly HostSettings settings;
        private readonly IRestoreSettingsSource? settingsSource;

        public StepHandler(RestoreServices services, HostSettings settings, IRestoreSettingsSource? settingsSource)
        {
            this.services = services;
            this.settings = settings;
            this.settingsSource = settingsSource;
        }

        public async Task<JsonObject> HandleAsync(string stepName, JsonObject input, string functionName, CancellationToken cancellationToken)
        {
            var operationId = (string?)input["operation_id"] ?? throw new AuroraRestoreException(
                "MissingOperationId", FailureCategory.InvalidArgument, null, "The state has no operation_id.", "Start executions with the operation state as input (Start-AuroraRestore does).");
            var store = new OperationStore(services.DynamoDb, settings.StateTable, settings.AuditTable, settings.PipelineVersion);
            var environment = Pipelines.PipelineEnvironment.Named(settings.Environment);
            var configured = settingsSource == null ? null : await settingsSource.LoadAsync(environment, cancellationToken).ConfigureAwait(false);
            var record = await store.GetAsync(operationId, cancellationToken).ConfigureAwait(false);
            if (record == null)
            {
                var now = services.Now;
                record = new OperationRecord(operationId) { CreatedAt = now, UpdatedAt = now, Status = OperationStatus.Pending };
                foreach (var pair in input)
                {
                    record.Data[pair.Key] = pair.Value?.DeepClone();
                }

                record.Data.Remove("operation_id");
                record.Data[OperationData.Host] = "pipeline";
                record.Data[OperationData.Environment] = settings.Environment;
                if (configured != null)
                {
                    OperationData.Write(record, OperationData.ReadSettings(record, configured), new RestoreRequest { Local = false, ReplaceTarget = record.DataBool(OperationData.ReplaceTarget) }, settings.Environment);
                }

                await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            }

            if (input["error"] is JsonObject caught && record.Error == null && stepName == StepNames.SnsNotification)
            {
                // 2.0+: a Catch put the failed Task's error at $.error before calling NotifyFailure.
                record.Status = OperationStatus.Failed;
                record.Completed = true;
                record.Error = new OperationError((string?)caught["Error"] ?? "Error", (string?)caught["Cause"] ?? "The step failed", record.Step, false);
                record.FailedStep = record.Step;
                record.UpdatedAt = services.Now;
                await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            }

            var deployment = new PipelineDeployment(settings.PipelineVersion, null, settings.TopicArn);
            var context = new StepContext(record, OperationData.ReadSettings(record, configured), deployment, services, functionName);
            await new RestoreStepExecutor(store).RunAsync(context, RestoreStepCatalog.Get(stepName), cancellationToken).ConfigureAwait(false);
            return StateJson.From(record);
        }
    }
}
