using System;
using System.Collections.Generic;

namespace AuroraRestore.Backups
{
    /// <summary>What Restore-RestoreState did: per table, the checksums before and after, and the safety backup taken first.</summary>
    public sealed class TableRestoreResult
    {
        public string BackupName { get; set; } = string.Empty;

        /// <summary>The backup set of the contents replaced, so that a mistaken restore can be undone.</summary>
        public string SafetyBackupName { get; set; } = string.Empty;

        public IReadOnlyList<TableRestoreOutcome> Tables { get; set; } = Array.Empty<TableRestoreOutcome>();
    }

    public sealed class TableRestoreOutcome
    {
        public string TableName { get; set; } = string.Empty;

        public string ChecksumBefore { get; set; } = string.Empty;

        public string ChecksumAfter { get; set; } = string.Empty;

        /// <summary>True when the table's checksum now equals the manifest's.</summary>
        public bool MatchesBackup { get; set; }
    }
}
