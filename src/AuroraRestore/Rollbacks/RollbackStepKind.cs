namespace AuroraRestore.Rollbacks
{
    /// <summary>What a rollback step is.</summary>
    public enum RollbackStepKind
    {
        /// <summary>Undoes an upgrade step from the values its journal record kept (or finds it changed nothing).</summary>
        Undo,

        /// <summary>An upgrade step that leaves nothing to undo (preflight, backup, package upload, published versions): recorded as such.</summary>
        NothingToUndo,

        /// <summary>The rollback's own work: its intake freeze, the table restore, the item comparison, the verification.</summary>
        Rollback,
    }
}
