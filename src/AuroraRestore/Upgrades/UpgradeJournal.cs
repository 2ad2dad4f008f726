using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Control;
using AuroraRestore.State;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The journal of one upgrade run in the control table: one record per step (pk <c>journal#&lt;run_id&gt;</c>, sk
    /// <c>&lt;index, 3 digits&gt;#&lt;name&gt;</c>), written when the step starts (with what undoing it needs, before the
    /// change) and again when it ends. A run killed at any point is finished by reading it back: completed steps are
    /// skipped, a started one runs again (every step is idempotent) keeping the undo values of its first attempt.
    /// Only the holder of the upgrade lock writes it.
    /// </summary>
    public sealed class UpgradeJournal
    {
        private readonly ControlTable control;
        private readonly TimeProvider clock;

        public UpgradeJournal(ControlTable control, string runId, TimeProvider? clock = null)
        {
            this.control = control;
            RunId = runId;
            this.clock = clock ?? TimeProvider.System;
        }

        public string RunId { get; }

        public static string PartitionOf(string runId) => "journal#" + runId;

        /// <summary>Every record of the run, in step order.</summary>
        public async Task<IReadOnlyList<JournalEntry>> ReadAsync(CancellationToken cancellationToken)
            => (await control.QueryAsync(PartitionOf(RunId), cancellationToken).ConfigureAwait(false)).Select(r => JournalEntry.FromRecord(RunId, r)).ToList();

        /// <summary>
        /// Records that <paramref name="step"/> starts. A record left by an earlier attempt keeps its values (what the
        /// first attempt captured before changing anything is what a rollback must restore) and its first start time.
        /// </summary>
        public async Task<JournalEntry> StartAsync(UpgradePlanStep step, JournalEntry? earlier, CancellationToken cancellationToken)
        {
            var entry = earlier ?? new JournalEntry(RunId, step.Key, new Dictionary<string, AttributeValue>(StringComparer.Ordinal), 0);
            var now = IsoTime.Format(clock.GetUtcNow());
            if (entry.GetString("started_at") == null)
            {
                entry.Set("started_at", now);
            }
            else
            {
                entry.Set("resumed_at", now);
            }

            entry.Status = JournalEntry.Started;
            entry.Set("hop", step.Hop);
            entry.Set("attempts", entry.Attempts + 1);
            entry.Set("error", null);
            entry.Set("ended_at", null);
            return await SaveAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Stores the entry as it is (a checkpoint within a step: undo values before a change, progress after one).</summary>
        public async Task<JournalEntry> SaveAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            var stored = await control.PutAsync(entry.ToRecord(), cancellationToken).ConfigureAwait(false);
            entry.Revision = stored.Revision;
            return entry;
        }

        public Task<JournalEntry> CompleteAsync(JournalEntry entry, string detail, CancellationToken cancellationToken)
        {
            entry.Status = JournalEntry.Completed;
            entry.Set("ended_at", IsoTime.Format(clock.GetUtcNow()));
            entry.Set("detail", detail);
            return SaveAsync(entry, cancellationToken);
        }

        public Task<JournalEntry> FailAsync(JournalEntry entry, string error, CancellationToken cancellationToken)
        {
            entry.Status = JournalEntry.Failed;
            entry.Set("ended_at", IsoTime.Format(clock.GetUtcNow()));
            entry.Set("error", error);
            return SaveAsync(entry, cancellationToken);
        }
    }
}
