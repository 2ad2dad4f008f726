namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// The steps of a rollback, as its journal names them (sk = "&lt;index, 3 digits&gt;#&lt;name&gt;"): "undo-" and the
    /// name of the upgrade step undone (undo-main-stack, undo-state-migration, ...), and the rollback's own steps.
    /// </summary>
    public static class RollbackStepNames
    {
        public const string UndoPrefix = "undo-";

        /// <summary>Intake frozen just before a hop's switch-back (stack, aliases, configuration).</summary>
        public const string FreezeIntake = "freeze-intake";

        /// <summary>Intake reopened right after the hop's switch-back.</summary>
        public const string ThawIntake = "thaw-intake";

        /// <summary>FromBackup: the tables made the upgrade's backup set again.</summary>
        public const string RestoreTables = "restore-tables";

        /// <summary>Checksums of both tables; with the backup set at hand, every backed-up item compared with the live one.</summary>
        public const string CompareItems = "compare-items";

        /// <summary>The pipeline verified as the version it went back to.</summary>
        public const string Verify = "verify";

        public static string Undo(string upgradeStep) => UndoPrefix + upgradeStep;
    }
}
