using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// Both tables' checksums after the rollback, and (ReverseMigration back to the run's start, with the upgrade's
    /// backup set at hand) every item the backup holds compared with the live item of its key: the proof that every
    /// pre-upgrade item came back exactly, with the items created since counted. Differences are reported and warned
    /// about, not undone: an item the older pipeline updated since the upgrade legitimately differs.
    /// </summary>
    internal sealed class CompareItemsStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var env = context.Environment;
            var details = new List<string>();
            var backup = context.Preparation.Backup;
            var compare = context.Plan.Method == RollbackMethod.ReverseMigration && context.Plan.ToRunStart && context.Options.CompareWithBackup && backup != null;
            foreach (var (prefix, table) in new[] { ("state", env.StateTableName), ("audit", env.AuditTableName) })
            {
                if (!entry.Has(prefix + "_checksum"))
                {
                    var checksum = await TableChecksum.OfTableAsync(context.Services.DynamoDb, table, context.Options.ChecksumSegments, context.Log, cancellationToken).ConfigureAwait(false);
                    entry.Set(prefix + "_table", table);
                    entry.Set(prefix + "_checksum", checksum.ToString());
                }

                var tableBackup = backup?.Tables.FirstOrDefault(t => t.TableName == table);
                if (compare && tableBackup != null && !entry.Has(prefix + "_identical"))
                {
                    var comparison = await new BackupItemComparer(context.Services.DynamoDb, context.Log, context.Options.TablePollInterval).CompareAsync(tableBackup, table, cancellationToken).ConfigureAwait(false);
                    entry.Set(prefix + "_backup_checksum", comparison.BackupChecksum);
                    entry.Set(prefix + "_pre_upgrade_checksum", comparison.LiveChecksum);
                    entry.Set(prefix + "_identical", comparison.Identical ? "true" : "false");
                    entry.Set(prefix + "_created_since", comparison.CreatedSince);
                    entry.SetList(prefix + "_differing", comparison.DifferingKeys);
                    if (!comparison.Identical)
                    {
                        context.Log.Warning($"{table}: {comparison.Changed + comparison.Missing} item(s) of backup set {backup!.Name} are not back as they were before the upgrade (changed or removed since): {string.Join(", ", comparison.DifferingKeys)}.");
                    }
                }

                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
                details.Add(entry.Has(prefix + "_identical")
                    ? $"{table} {entry.GetString(prefix + "_checksum")}: the {Count(entry.GetString(prefix + "_backup_checksum"))} backed-up items {(entry.GetString(prefix + "_identical") == "true" ? "are back exactly" : "DIFFER")}, {entry.GetNumber(prefix + "_created_since")} created since"
                    : $"{table} {entry.GetString(prefix + "_checksum")}");
            }

            return string.Join("; ", details);
        }

        private static string Count(string? checksum) => checksum?.Split(':')[0] ?? "0";
    }
}
