using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.State;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Sets and lifts the intake freeze (pk <c>freeze</c>, sk <c>intake</c>: <c>until</c>, <c>reason</c>, <c>run_id</c>)
    /// that Start-AuroraRestore honours (Restores.IntakeFreezeReader). Set just before the stacks switch over and lifted
    /// right after the aliases move, so new restores wait only for the switch-over; <c>until</c> is a safety expiry, so a
    /// runner that dies inside the window cannot keep intake closed for ever.
    /// </summary>
    public sealed class IntakeFreezeGate
    {
        public const string PartitionKey = "freeze";
        public const string SortKey = "intake";

        private readonly ControlTable control;
        private readonly IOperationLog log;

        public IntakeFreezeGate(ControlTable control, IOperationLog log)
        {
            this.control = control;
            this.log = log;
        }

        public async Task SetAsync(DateTimeOffset until, string reason, string runId, CancellationToken cancellationToken)
        {
            log.Verbose($"Intake freeze until {IsoTime.FormatSeconds(until)}: {reason}");
            await control.PutAsync(
                new ControlRecord(PartitionKey, SortKey, new Dictionary<string, AttributeValue>
                {
                    ["until"] = new AttributeValue { S = IsoTime.FormatSeconds(until) },
                    ["reason"] = new AttributeValue { S = reason },
                    ["run_id"] = new AttributeValue { S = runId },
                }),
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Lifts the freeze if this run set it; a freeze of another run (or none) is left alone.</summary>
        /// <returns>True when a freeze of this run was lifted.</returns>
        public async Task<bool> ClearAsync(string runId, CancellationToken cancellationToken)
        {
            var current = await control.GetAsync(PartitionKey, SortKey, cancellationToken).ConfigureAwait(false);
            if (current == null)
            {
                return false;
            }

            if (current.GetString("run_id") != runId)
            {
                log.Warning($"The intake freeze belongs to run {current.GetString("run_id") ?? "(unknown)"}, not {runId}: left in place.");
                return false;
            }

            log.Verbose("Lifting the intake freeze");
            return await control.TryDeleteAsync(PartitionKey, SortKey, current.Revision, cancellationToken).ConfigureAwait(false);
        }
    }
}
