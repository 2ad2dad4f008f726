using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// The hop's items migrated down (state, then audit) with the streaming migration runner and the catalog's down edges,
    /// while the older code already serves: lossless for every item the upgrade migrated (its newer attributes kept in
    /// <c>_ar_down</c>, so a later upgrade gives them back), and restores created since the upgrade kept in the older
    /// format. Each table is journaled when done (checksums before and after), so a resumed step goes on with the next
    /// table, and the runner from its own checkpoints (<c>checkpoint#rollback-&lt;run&gt;-&lt;from&gt;-&lt;to&gt;-&lt;table&gt;</c>).
    /// </summary>
    internal sealed class UndoStateMigrationStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var hop = step.UpgradeHop!;
            var details = new List<string>();
            foreach (var table in new[] { MigrationTable.State, MigrationTable.Audit })
            {
                var prefix = table.ToString().ToLowerInvariant();
                if (entry.Has(prefix + "_checksum_after"))
                {
                    details.Add($"{entry.GetString(prefix + "_table")}: done earlier");
                    continue;
                }

                var id = $"rollback-{context.RunId}-{hop.To}-{hop.From}-{prefix}";
                var outcome = await context.Services.Migrator.MigrateAsync(context.Environment, table, hop.To, hop.From, id, cancellationToken).ConfigureAwait(false);
                if (outcome.ItemsFailed > 0 || !outcome.Completed)
                {
                    throw new AuroraRestoreException(
                        "StateMigrationIncomplete", FailureCategory.InvalidResult, outcome.TableName,
                        $"Migrating {outcome.TableName} down from {hop.To} to {hop.From} left {outcome.ItemsFailed} item(s) unmigrated{(outcome.Completed ? string.Empty : " and segments unfinished")} ({outcome}).",
                        $"The failed items were reported with their error ids (Invoke-RestoreStateMigration -From {hop.To} -To {hop.From} -DryRun lists them); fix them, then run Undo-RestoreUpgrade again: it resumes the migration.");
                }

                entry.Set(prefix + "_table", outcome.TableName);
                entry.Set(prefix + "_items_read", outcome.ItemsRead);
                entry.Set(prefix + "_items_changed", outcome.ItemsChanged);
                entry.Set(prefix + "_items_skipped", outcome.ItemsSkipped);
                entry.Set(prefix + "_checksum_before", outcome.ChecksumBefore);
                entry.Set(prefix + "_checksum_after", outcome.ChecksumAfter);
                entry.Set(prefix + "_format_before", hop.To);
                entry.Set(prefix + "_format_after", hop.From);
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
                details.Add($"{outcome.TableName}: {outcome.ItemsChanged.ToString(CultureInfo.InvariantCulture)} of {outcome.ItemsRead.ToString(CultureInfo.InvariantCulture)} items migrated down ({outcome.ChecksumBefore} -> {outcome.ChecksumAfter})");
            }

            return string.Join("; ", details);
        }
    }
}
