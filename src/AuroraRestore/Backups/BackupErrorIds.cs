namespace AuroraRestore.Backups
{
    /// <summary>The stable error ids of backups (docs/backups.md): thrown as AuroraRestoreException ids or carried by failed checks.</summary>
    public static class BackupErrorIds
    {
        public const string InvalidBackupName = "InvalidBackupName";
        public const string BackupLocationConflict = "BackupLocationConflict";
        public const string BackupPathIsFile = "BackupPathIsFile";
        public const string BackupBucketNotFound = "BackupBucketNotFound";
        public const string BackupAlreadyExists = "BackupAlreadyExists";
        public const string BackupNotFound = "BackupNotFound";
        public const string BackupEnvironmentMismatch = "BackupEnvironmentMismatch";
        public const string PipelineNotInstalled = "PipelineNotInstalled";
        public const string TableNotFound = "TableNotFound";
        public const string TableChangedDuringBackup = "TableChangedDuringBackup";
        public const string BackupTableNotInSet = "BackupTableNotInSet";
        public const string BackupKeySchemaMismatch = "BackupKeySchemaMismatch";
        public const string RestoreVerificationFailed = "RestoreVerificationFailed";
        public const string BackupVerificationFailed = "BackupVerificationFailed";
        public const string ScratchTableInUse = "ScratchTableInUse";
        public const string BackupWaitTimedOut = "BackupWaitTimedOut";
        public const string BatchWriteIncomplete = "BatchWriteIncomplete";

        // Failed checks of Test-RestoreStateBackup (BackupCheck.ErrorId); the first four also stop a restore.
        public const string BackupTableMissing = "BackupTableMissing";
        public const string BackupItemCountMismatch = "BackupItemCountMismatch";
        public const string BackupChecksumMismatch = "BackupChecksumMismatch";
        public const string BackupManifestInvalid = "BackupManifestInvalid";
        public const string BackupFileTampered = "BackupFileTampered";
        public const string BackupFileMissing = "BackupFileMissing";
    }
}
