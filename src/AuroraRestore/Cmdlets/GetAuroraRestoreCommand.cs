using System;
using System.Linq;
using System.Management.Automation;
using AuroraRestore.Restores;
using AuroraRestore.State;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Reads restore operations of every state format: one by id, those in progress, by status or since a time.</summary>
    [Cmdlet(VerbsCommon.Get, "AuroraRestore", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(RestoreOperation))]
    public sealed class GetAuroraRestoreCommand : RestoreCmdletBase
    {
        private const string IdSet = "OperationId";
        private const string ListSet = "List";
        private const string InProgressSet = "InProgress";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? OperationId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InProgressSet)]
        public SwitchParameter InProgress { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet(OperationStatus.Pending, OperationStatus.InProgress, OperationStatus.Completed, OperationStatus.Failed, OperationStatus.Stopped)]
        public string? Status { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public DateTimeOffset? Since { get; set; }

        protected override void ProcessRecordCore()
        {
            switch (ParameterSetName)
            {
                case IdSet:
                    foreach (var id in OperationId!)
                    {
                        WriteObject(ToOutput(Run(token => Engine.RequireAsync(id, token))));
                    }

                    break;
                case InProgressSet:
                    var (records, usedIndex) = Run(async token => await (await Engine.StoreAsync(token).ConfigureAwait(false)).ListInProgressAsync(token).ConfigureAwait(false));
                    WriteVerbose(usedIndex ? "Read through the StatusIndex." : "The deployed version has no StatusIndex: read with a filtered scan.");
                    WriteObject(records.Select(ToOutput), enumerateCollection: true);
                    break;
                default:
                    var all = Run(async token => await (await Engine.StoreAsync(token).ConfigureAwait(false)).ListAsync(Status, Since, token).ConfigureAwait(false));
                    WriteObject(all.Select(ToOutput), enumerateCollection: true);
                    break;
            }
        }
    }
}
