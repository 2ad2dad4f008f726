using System.Linq;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Common;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Proves a backup set restorable: restores each table backup into a scratch table, recounts and rechecksums it
    /// against the manifest, checks every file's SHA-256, removes the scratch tables. Writes one BackupCheck per check,
    /// then the BackupVerification summary, and ends with the terminating error BackupVerificationFailed if any failed.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RestoreStateBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByObject)]
    [OutputType(typeof(BackupCheck), typeof(BackupVerification))]
    public sealed class TestRestoreStateBackupCommand : BackupSetCmdlet
    {
        protected override void ProcessRecordCore()
        {
            using var aws = new AwsClients(AwsContext);
            var service = new BackupService(aws, AwsContext.Log);
            var backup = ResolveBackup(service);
            if (!ShouldProcess($"backup set {backup.Name} ({backup.Location})", "Restore its table backups into scratch tables, check them and every file, then delete the scratch tables"))
            {
                return;
            }

            var verification = Run(token => service.VerifyAsync(backup, token));
            foreach (var check in verification.Checks)
            {
                WriteObject(check);
            }

            WriteObject(verification);
            if (!verification.Passed)
            {
                var failed = verification.Checks.Where(c => !c.Passed).ToList();
                ThrowTerminatingError(ToErrorRecord(new AuroraRestoreException(
                    BackupErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, backup.Name,
                    $"Backup set {backup.Name} failed {failed.Count} of {verification.Checks.Count} checks: " + string.Join("; ", failed.Select(c => $"{c.Name}: {c.ErrorId}")),
                    "Do not rely on this set: take a new one with Backup-RestoreState, or use another that passes.")));
            }
        }
    }
}
