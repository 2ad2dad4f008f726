using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Control;
using AuroraRestore.State;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// The journal of one rollback in the control table: pk <c>rollback#&lt;run_id&gt;#&lt;to version&gt;</c> (a run can be
    /// rolled back one hop, then the rest: each rollback has its own partition), sk <c>&lt;index, 3 digits&gt;#&lt;name&gt;</c>.
    /// Records have the upgrade journal's shape (status, started_at, resumed_at, ended_at, attempts, hop, detail, error) plus
    /// <c>undoes</c> (the upgrade journal key undone) and what the step found and did. Only the lock holder writes it.
    /// </summary>
    public sealed class RollbackJournal
    {
        private readonly ControlTable control;
        private readonly TimeProvider clock;

        public RollbackJournal(ControlTable control, string runId, string toVersion, TimeProvider? clock = null)
        {
            this.control = control;
            RunId = runId;
            Partition = PartitionOf(runId, toVersion);
            this.clock = clock ?? TimeProvider.System;
        }

        public string RunId { get; }

        public string Partition { get; }

        public static string PartitionOf(string runId, string toVersion) => "rollback#" + runId + "#" + toVersion;

        /// <summary>Every record of the rollback, in step order.</summary>
        public async Task<IReadOnlyList<JournalEntry>> ReadAsync(CancellationToken cancellationToken)
            => (await control.QueryAsync(Partition, cancellationToken).ConfigureAwait(false)).Select(r => JournalEntry.FromRecord(RunId, r)).ToList();

        /// <summary>Records that <paramref name="step"/> starts; a record left by an earlier attempt keeps its values and first start time.</summary>
        public async Task<JournalEntry> StartAsync(RollbackPlanStep step, JournalEntry? earlier, CancellationToken cancellationToken)
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
            entry.Set("undoes", step.Undoes);
            entry.Set("attempts", entry.Attempts + 1);
            entry.Set("error", null);
            entry.Set("ended_at", null);
            return await SaveAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Stores the entry as it is (a checkpoint within a step).</summary>
        public async Task<JournalEntry> SaveAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            var stored = await control.PutAsync(new ControlRecord(Partition, entry.Key, new Dictionary<string, AttributeValue>(entry.Values, StringComparer.Ordinal), entry.Revision), cancellationToken).ConfigureAwait(false);
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
