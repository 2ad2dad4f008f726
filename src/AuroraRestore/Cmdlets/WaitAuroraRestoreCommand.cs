using System.Management.Automation;
using AuroraRestore.Restores;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Follows operations to their end; -Local operations are driven by this session from wherever they stopped.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "AuroraRestore")]
    [OutputType(typeof(RestoreOperation))]
    public sealed class WaitAuroraRestoreCommand : RestoreCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? OperationId { get; set; }

        /// <summary>Seconds to follow before giving up (the operation goes on).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        protected override void ProcessRecordCore()
        {
            var record = Run(token => Engine.FollowAsync(OperationId!, Seconds(Timeout), token));
            Services.Log.Progress(new Common.ProgressReport(1, "Restore " + record.OperationId, record.Status, 100, completed: true));
            WriteObject(ToOutput(record));
        }
    }
}
