namespace AuroraRestore.Upgrades
{
    /// <summary>What migrating one table did.</summary>
    public sealed class StateMigrationOutcome
    {
        public string TableName { get; set; } = string.Empty;

        public long ItemsRead { get; set; }

        public long ItemsChanged { get; set; }

        /// <summary>Items already in the target format.</summary>
        public long ItemsSkipped { get; set; }

        /// <summary>Items that could not be migrated (each reported by the migrator); a step with failed items fails.</summary>
        public long ItemsFailed { get; set; }

        /// <summary>The shared checksum ("count:digest", State/TableChecksum) of the items read, as read.</summary>
        public string ChecksumBefore { get; set; } = string.Empty;

        /// <summary>The same items as they are after the migration.</summary>
        public string ChecksumAfter { get; set; } = string.Empty;

        /// <summary>False when segments are left (the migration resumes from its checkpoints when run again).</summary>
        public bool Completed { get; set; } = true;

        public override string ToString() => $"{TableName}: {ItemsRead} read, {ItemsChanged} changed, {ItemsSkipped} skipped, {ItemsFailed} failed ({ChecksumBefore} -> {ChecksumAfter})";
    }
}
