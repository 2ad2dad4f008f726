namespace AuroraRestore.Upgrades
{
    /// <summary>A table across an upgrade run: items and checksums before the first migration and after the last.</summary>
    public sealed class UpgradeTableReport
    {
        public string TableName { get; set; } = string.Empty;

        public long ItemsBefore { get; set; }

        public long ItemsAfter { get; set; }

        /// <summary>The shared checksum ("count:digest") of the items before the first migration of the run.</summary>
        public string ChecksumBefore { get; set; } = string.Empty;

        /// <summary>The same items after the last migration: the count must equal <see cref="ItemsBefore"/> (no item lost).</summary>
        public string ChecksumAfter { get; set; } = string.Empty;

        public override string ToString() => $"{TableName}: {ItemsBefore} -> {ItemsAfter} items";
    }
}
