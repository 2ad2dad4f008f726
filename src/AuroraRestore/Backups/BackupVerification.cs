using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Backups
{
    /// <summary>What Test-RestoreStateBackup found: one check per table backup and per exported file.</summary>
    public sealed class BackupVerification
    {
        public string BackupName { get; set; } = string.Empty;

        public IReadOnlyList<BackupCheck> Checks { get; set; } = Array.Empty<BackupCheck>();

        public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

        public int PassedCount => Checks.Count(c => c.Passed);

        public int FailedCount => Checks.Count(c => !c.Passed);
    }

    public sealed class BackupCheck
    {
        /// <summary>The set the check belongs to.</summary>
        public string BackupName { get; set; } = string.Empty;

        /// <summary>The table or file checked (or manifest.json).</summary>
        public string Target { get; set; } = string.Empty;

        /// <summary>E.g. "table AuroraRestoreState restorable", "file main-stack.template sha256".</summary>
        public string Name { get; set; } = string.Empty;

        public bool Passed { get; set; }

        public string Detail { get; set; } = string.Empty;

        /// <summary>A stable id for a failed check (BackupTableMissing, BackupItemCountMismatch, BackupFileTampered, ...).</summary>
        public string? ErrorId { get; set; }
    }
}
