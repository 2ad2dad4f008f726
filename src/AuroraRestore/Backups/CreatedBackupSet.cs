namespace AuroraRestore.Backups
{
    /// <summary>A set just taken by <see cref="IStateBackupService.CreateVerifiedAsync"/>, with the verification made in the same pass.</summary>
    public sealed class CreatedBackupSet
    {
        public CreatedBackupSet(RestoreStateBackup backup, BackupVerification verification)
        {
            Backup = backup;
            Verification = verification;
        }

        public RestoreStateBackup Backup { get; }

        public BackupVerification Verification { get; }
    }
}
