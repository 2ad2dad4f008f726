using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// FromBackup: both tables made the upgrade's backup set again with the backup service (what Restore-RestoreState
    /// does: the current items saved as a safety set first, the live tables kept, progress recorded so a killed run
    /// resumes). Runs after every hop was switched back, so the older code serves the restored items.
    /// </summary>
    internal sealed class RestoreTablesStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var backup = context.Preparation.Backup!;
            var restored = await context.Services.Backups.RestoreTablesAsync(backup, null, cancellationToken).ConfigureAwait(false);
            var mismatched = restored.Tables.Where(t => !t.MatchesBackup).Select(t => t.TableName).ToList();
            if (mismatched.Count > 0)
            {
                throw new AuroraRestoreException(
                    "RestoreVerificationFailed", FailureCategory.InvalidResult, string.Join(", ", mismatched),
                    $"After the restore from backup set {backup.Name}, {string.Join(" and ", mismatched)} do not match the set's checksum: something wrote to them meanwhile.",
                    "Stop the writers (intake is open again), then run Undo-RestoreUpgrade again: the restore resumes.");
            }

            entry.Set("backup_name", restored.BackupName);
            entry.Set("safety_backup_name", restored.SafetyBackupName);
            foreach (var table in restored.Tables)
            {
                var prefix = table.TableName == context.Environment.StateTableName ? "state" : "audit";
                entry.Set(prefix + "_table", table.TableName);
                entry.Set(prefix + "_checksum_before", table.ChecksumBefore);
                entry.Set(prefix + "_checksum_after", table.ChecksumAfter);
            }

            return $"{string.Join(" and ", restored.Tables.Select(t => $"{t.TableName} ({t.ChecksumBefore} -> {t.ChecksumAfter})"))} restored from {restored.BackupName}; the items replaced are in safety set {restored.SafetyBackupName}";
        }
    }
}
