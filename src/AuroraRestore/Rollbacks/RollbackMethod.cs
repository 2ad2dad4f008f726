namespace AuroraRestore.Rollbacks
{
    /// <summary>How Undo-RestoreUpgrade puts the tables' items back.</summary>
    public enum RollbackMethod
    {
        /// <summary>
        /// The state migration's down edges, hop by hop: every item comes back in the older format, items that existed
        /// before the upgrade exactly as they were, restores created since the upgrade kept (in the older format).
        /// </summary>
        ReverseMigration,

        /// <summary>
        /// The tables made the upgrade's backup set again (Restore-RestoreState): exactly the backup's items; what was
        /// created since the backup is lost (the cmdlet warns, listing it, and asks with ConfirmImpact High).
        /// </summary>
        FromBackup,
    }
}
