using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// The guide's migrate_state script: state, then audit items to the hop's formats, while the pipeline serves (its
    /// readers accept both formats and the migrator never overwrites an item written meanwhile). Each table is journaled
    /// when done with its counts and checksums, so a resumed step continues with the next table (and the migrator from
    /// its own checkpoints).
    /// </summary>
    internal sealed class StateMigrationStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.StateMigration;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
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

                var id = $"upgrade-{context.RunId}-{hop!.From}-{hop.To}-{prefix}";
                var outcome = await context.Services.Migrator.MigrateAsync(context.Environment, table, hop.From, hop.To, id, cancellationToken).ConfigureAwait(false);
                if (outcome.ItemsFailed > 0 || !outcome.Completed)
                {
                    throw new AuroraRestoreException(
                        "StateMigrationIncomplete", FailureCategory.InvalidResult, outcome.TableName,
                        $"Migrating {outcome.TableName} from {hop.From} to {hop.To} left {outcome.ItemsFailed} item(s) unmigrated{(outcome.Completed ? string.Empty : " and segments unfinished")} ({outcome}).",
                        "The failed items were reported with their error ids (Invoke-RestoreStateMigration -DryRun lists them); fix them, then run the upgrade again: it resumes the migration.");
                }

                entry.Set(prefix + "_table", outcome.TableName);
                entry.Set(prefix + "_items_read", outcome.ItemsRead);
                entry.Set(prefix + "_items_changed", outcome.ItemsChanged);
                entry.Set(prefix + "_items_skipped", outcome.ItemsSkipped);
                entry.Set(prefix + "_checksum_before", outcome.ChecksumBefore);
                entry.Set(prefix + "_checksum_after", outcome.ChecksumAfter);
                entry.Set(prefix + "_format_before", hop.From);
                entry.Set(prefix + "_format_after", hop.To);
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
                details.Add($"{outcome.TableName}: {outcome.ItemsChanged.ToString(CultureInfo.InvariantCulture)} of {outcome.ItemsRead.ToString(CultureInfo.InvariantCulture)} items migrated ({outcome.ChecksumBefore} -> {outcome.ChecksumAfter})");
            }

            return string.Join("; ", details);
        }
    }
}
