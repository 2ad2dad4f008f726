using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// The migration guide's first preparation step: a verified backup set of the environment before anything changes,
    /// through the backup service (Backup-RestoreState), or the verified set named by -BackupName.
    /// </summary>
    internal sealed class BackupStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.Backup;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var backups = context.Services.Backups;
            var location = context.Preparation.BackupLocation;
            RestoreStateBackup backup;
            string source;
            if (context.Preparation.ExistingBackup != null)
            {
                backup = context.Preparation.ExistingBackup;
                source = "existing set, verified";
            }
            else
            {
                // Each attempt gets its own name: an attempt killed half-way may have left a partial set behind.
                var name = entry.Attempts <= 1 ? $"pre-upgrade-{context.RunId}" : $"pre-upgrade-{context.RunId}-{entry.Attempts.ToString(CultureInfo.InvariantCulture)}";
                entry.Set("backup_name", name);
                entry.Set("backup_location", location.ToString());
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
                // One pass: each table read, backed up, its backup restored and compared (what Backup-RestoreState then
                // Test-RestoreStateBackup prove, reading each live table once instead of twice).
                var created = await backups.CreateVerifiedAsync(context.Environment, name, location, cancellationToken).ConfigureAwait(false);
                backup = created.Backup;
                var verification = created.Verification;
                if (!verification.Passed)
                {
                    var failed = verification.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}");
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.BackupFailed, FailureCategory.InvalidResult, name,
                        $"The backup set {name} failed its verification: {string.Join("; ", failed)}.",
                        "Fix the cause (Test-RestoreStateBackup shows every check), then run the upgrade again: it takes a new set.");
                }

                source = "new set, verified";
            }

            context.Backup = backup;
            entry.Set("backup_name", backup.Name);

            // The location root (what -BackupPath / -BackupBucket name, and OpenAsync takes) and the set's own place in it.
            entry.Set("backup_location", location.ToString());
            entry.Set("backup_set_location", backup.Location);
            entry.Set("backup_version", backup.PipelineVersion);
            entry.SetMap("backup_files", backup.Files);
            entry.SetMap("backup_checksums", backup.Tables.Select(t => new System.Collections.Generic.KeyValuePair<string, string>(t.TableName, t.Checksum)));
            await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            context.Run.BackupName = backup.Name;
            context.Run.BackupLocation = entry.GetString("backup_location");
            await context.Run.SaveAsync(context.Control, cancellationToken).ConfigureAwait(false);
            return $"backup set {backup.Name} at {backup.Location} ({source}; {string.Join(", ", backup.Tables.Select(t => $"{t.TableName} {t.ItemCount} items"))})";
        }
    }
}
