using System.Management.Automation;
using AuroraRestore.Restores;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Stops an operation (its execution or local run), records why, and with -RemoveTarget removes what it created.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "AuroraRestore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RestoreOperation))]
    public sealed class StopAuroraRestoreCommand : RestoreCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? OperationId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Reason { get; set; } = "Stopped with Stop-AuroraRestore";

        /// <summary>Also delete the cluster, instances and snapshot copy this operation created (found by its tag).</summary>
        [Parameter]
        public SwitchParameter RemoveTarget { get; set; }

        protected override void ProcessRecordCore()
        {
            var action = RemoveTarget ? "Stop the restore and delete the cluster it created" : "Stop the restore";
            if (!ShouldProcess(OperationId, action))
            {
                return;
            }

            WriteObject(ToOutput(Run(token => Engine.StopAsync(OperationId!, Reason, RemoveTarget, token))));
        }
    }
}
