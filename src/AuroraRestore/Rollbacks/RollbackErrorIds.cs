namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// The stable error ids of rollbacks. Rollbacks also raise the upgrade ids they share: UpgradeInProgress (the lock),
    /// BackupNotFound, BackupNotVerified, StackNotStable, PipelineNotInstalled, UpgradePermissionsMissing, UpgradeLockLost.
    /// </summary>
    public static class RollbackErrorIds
    {
        /// <summary>No upgrade run to undo: none ever ran, its rollback already finished, or -ToVersion is where it already is.</summary>
        public const string NothingToUndo = "NothingToUndo";

        /// <summary>-ToVersion is not a version the run went through (or one whose hop the run never completed).</summary>
        public const string RollbackTargetNotOnPath = "RollbackTargetNotOnPath";

        /// <summary>-Method FromBackup with a -ToVersion other than the run's start: the backup holds the start's items.</summary>
        public const string BackupRestoreNeedsFullRollback = "BackupRestoreNeedsFullRollback";

        /// <summary>The environment differs from what the upgrade's journal says it left (the differences are listed).</summary>
        public const string EnvironmentChangedSinceUpgrade = "EnvironmentChangedSinceUpgrade";

        /// <summary>A rollback of the run is unfinished and this command asks for another target or method.</summary>
        public const string RollbackUnfinished = "RollbackUnfinished";

        /// <summary>A step of the rollback failed; the message says how to resume.</summary>
        public const string RollbackStepFailed = "RollbackStepFailed";

        /// <summary>The rollback was stopped (Ctrl+C) at a step boundary.</summary>
        public const string RollbackStopped = "RollbackStopped";

        /// <summary>After the rollback, the pipeline does not verify as the version it went back to.</summary>
        public const string RollbackVerificationFailed = "RollbackVerificationFailed";

        /// <summary>No copy of the template a stack ran before the upgrade (journal, catalog, backup set) has its SHA-256.</summary>
        public const string PreviousTemplateUnavailable = "PreviousTemplateUnavailable";

        /// <summary>The upgrade journal holds a step this module does not know how to undo.</summary>
        public const string UnknownUpgradeStep = "UnknownUpgradeStep";
    }
}
