using System;
using System.Collections;
using System.Management.Automation;
using AuroraRestore.Restores;
using AuroraRestore.State;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Starts a restore: validates everything first, writes the operation and its audit record, then starts the
    /// pipeline's state machine (or, with -Local, runs the steps in this session). Emits a RestoreOperation.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "AuroraRestore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DateSet)]
    [OutputType(typeof(RestoreOperation))]
    public sealed class StartAuroraRestoreCommand : RestoreCmdletBase
    {
        private const string DateSet = "Date";
        private const string SnapshotSet = "Snapshot";
        private const string TimeSet = "RestoreTime";
        private const string LatestSet = "LatestRestorableTime";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SourceClusterIdentifier { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SnapshotSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SnapshotIdentifier { get; set; }

        [Parameter(ParameterSetName = DateSet)]
        public DateTime? Date { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TimeSet)]
        public DateTimeOffset? RestoreTime { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
        public SwitchParameter UseLatestRestorableTime { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SourceRegion { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TargetRegion { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? TargetClusterIdentifier { get; set; }

        /// <summary>Delete and replace an existing target cluster (asks for confirmation unless -Force).</summary>
        [Parameter]
        public SwitchParameter ReplaceTarget { get; set; }

        /// <summary>With -ReplaceTarget: take a final snapshot of the replaced cluster.</summary>
        [Parameter]
        public SwitchParameter FinalSnapshot { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DbInstanceClass { get; set; }

        [Parameter]
        [ValidateRange(1, 15)]
        public int? InstanceCount { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        [Parameter]
        public SwitchParameter Local { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait (or -Local): seconds to follow the operation before giving up (it goes on).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OperationId { get; set; }

        /// <summary>Connect to the restored database through host:port (a tunnel) for setup-db-users and verify-restore.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DatabaseEndpointOverride { get; set; }

        /// <summary>Skip the confirmation that -ReplaceTarget asks for.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecordCore()
        {
            var request = new RestoreRequest
            {
                SourceClusterIdentifier = SourceClusterIdentifier,
                SnapshotIdentifier = SnapshotIdentifier,
                Date = Date,
                RestoreTime = RestoreTime,
                UseLatestRestorableTime = UseLatestRestorableTime,
                SourceRegion = SourceRegion,
                TargetRegion = TargetRegion,
                TargetClusterIdentifier = TargetClusterIdentifier,
                ReplaceTarget = ReplaceTarget,
                FinalSnapshot = FinalSnapshot,
                DbInstanceClass = DbInstanceClass,
                InstanceCount = InstanceCount,
                Local = Local,
                OperationId = OperationId,
                DatabaseEndpointOverride = DatabaseEndpointOverride,
                RequestedBy = System.Environment.UserName,
            };
            if (Tag != null)
            {
                foreach (DictionaryEntry entry in Tag)
                {
                    request.Tags[entry.Key.ToString()!] = entry.Value?.ToString() ?? string.Empty;
                }
            }

            var settings = Run(token => Engine.ValidateAsync(request, AwsContext.Region, token));
            var target = $"{settings.TargetRegion}/{settings.TargetClusterIdentifier}";
            var action = $"Restore {settings.SourceClusterIdentifier} ({settings.SourceRegion}) {(request.RestoreTime.HasValue || request.UseLatestRestorableTime ? "to a point in time" : "from " + (request.SnapshotIdentifier ?? "its daily snapshot"))}{(Local ? " in this session" : " through the pipeline")}";
            if (!ShouldProcess(target, action))
            {
                return;
            }

            if (ReplaceTarget && !Force && !ShouldContinue($"The existing cluster {target} and its instances will be deleted and replaced.", "Replace the target cluster?"))
            {
                return;
            }

            var record = Run(token => Engine.StartAsync(request, settings, token));
            if (Local || Wait)
            {
                record = Run(token => Engine.FollowAsync(record.OperationId, Seconds(Timeout), token));
                Services.Log.Progress(new Common.ProgressReport(1, "Restore " + record.OperationId, record.Status, 100, completed: true));
            }

            WriteObject(ToOutput(record));
            if (record.Status == OperationStatus.Failed)
            {
                WriteError(ToErrorRecord(new Common.AuroraRestoreException(
                    "RestoreFailed", Common.FailureCategory.InvalidResult, record.OperationId,
                    $"Restore {record.OperationId} failed at {record.FailedStep}: {record.Error?.Message}",
                    "Fix the cause, then start a new restore (Stop-AuroraRestore -RemoveTarget removes what this one created).")));
            }
        }
    }
}
