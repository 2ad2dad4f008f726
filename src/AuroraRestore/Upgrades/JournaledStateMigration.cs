using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// A hop's state, then audit items migrated from one version's formats to another's, one table at a time, each
    /// finished table recorded in the step's journal entry (counts, checksums, formats): a resumed step goes on with the
    /// next table, and the runner with the rest of a table from its own checkpoints (<c>checkpoint#&lt;id prefix&gt;-&lt;table&gt;</c>).
    /// The upgrade migrates up a hop, the rollback down it: the same journaling either way.
    /// </summary>
    internal static class JournaledStateMigration
    {
        /// <summary>
        /// Migrates the tables not yet recorded in <paramref name="entry"/> from <paramref name="from"/>'s formats to
        /// <paramref name="to"/>'s, with <paramref name="save"/> storing the entry in the run's journal after each, and
        /// <paramref name="rerun"/> named in the failure's remedy (the command that resumes the migration).
        /// </summary>
        public static async Task<string> RunAsync(
            IStateMigrator migrator, PipelineEnvironment environment, string from, string to, string idPrefix,
            JournalEntry entry, Func<JournalEntry, CancellationToken, Task> save, string rerun, CancellationToken cancellationToken)
        {
            var details = new List<string>();
            foreach (var table in new[] { MigrationTable.State, MigrationTable.Audit })
            {
                var prefix = table.ToString().ToLowerInvariant();
                if (entry.Has(prefix + "_checksum_after"))
                {
                    details.Add($"{entry.GetString(prefix + "_table")}: done earlier");
                    continue;
                }

                var outcome = await migrator.MigrateAsync(environment, table, from, to, $"{idPrefix}-{prefix}", cancellationToken).ConfigureAwait(false);
                if (outcome.ItemsFailed > 0 || !outcome.Completed)
                {
                    throw new AuroraRestoreException(
                        "StateMigrationIncomplete", FailureCategory.InvalidResult, outcome.TableName,
                        $"Migrating {outcome.TableName} from {from} to {to} left {outcome.ItemsFailed} item(s) unmigrated{(outcome.Completed ? string.Empty : " and segments unfinished")} ({outcome}).",
                        $"The failed items were reported with their error ids (Invoke-RestoreStateMigration -From {from} -To {to} -DryRun lists them); fix them, then run {rerun} again: it resumes the migration.");
                }

                entry.Set(prefix + "_table", outcome.TableName);
                entry.Set(prefix + "_items_read", outcome.ItemsRead);
                entry.Set(prefix + "_items_changed", outcome.ItemsChanged);
                entry.Set(prefix + "_items_skipped", outcome.ItemsSkipped);
                entry.Set(prefix + "_checksum_before", outcome.ChecksumBefore);
                entry.Set(prefix + "_checksum_after", outcome.ChecksumAfter);
                entry.Set(prefix + "_format_before", from);
                entry.Set(prefix + "_format_after", to);
                await save(entry, cancellationToken).ConfigureAwait(false);
                details.Add($"{outcome.TableName}: {outcome.ItemsChanged.ToString(CultureInfo.InvariantCulture)} of {outcome.ItemsRead.ToString(CultureInfo.InvariantCulture)} items migrated {from} -> {to} ({outcome.ChecksumBefore} -> {outcome.ChecksumAfter})");
            }

            return string.Join("; ", details);
        }
    }
}
