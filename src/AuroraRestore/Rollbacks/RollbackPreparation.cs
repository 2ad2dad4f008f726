using System;
using System.Collections.Generic;
using AuroraRestore.Backups;
using AuroraRestore.Security;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// Everything a rollback checked before changing anything: the run and its journal, the plan, whether it resumes a
    /// rollback, the backup set (verified for FromBackup), and what FromBackup would lose. -WhatIf stops here.
    /// </summary>
    public sealed class RollbackPreparation
    {
        internal RollbackPreparation(RollbackRequest request, UpgradeRun run, IReadOnlyList<JournalEntry> upgradeJournal, RollbackPlan plan, bool resumes, IReadOnlyList<JournalEntry> rollbackJournal)
        {
            Request = request;
            Run = run;
            UpgradeJournal = upgradeJournal;
            Plan = plan;
            Resumes = resumes;
            RollbackJournal = rollbackJournal;
        }

        public RollbackRequest Request { get; }

        /// <summary>The upgrade run being undone, as the run pointer held it.</summary>
        public UpgradeRun Run { get; }

        public IReadOnlyList<JournalEntry> UpgradeJournal { get; }

        public RollbackPlan Plan { get; }

        /// <summary>True when this invocation finishes a rollback an earlier one started (killed, failed or stopped).</summary>
        public bool Resumes { get; }

        /// <summary>The resumed rollback's journal as found (empty for a new one).</summary>
        public IReadOnlyList<JournalEntry> RollbackJournal { get; }

        /// <summary>The run's backup set: verified for FromBackup; for ReverseMigration opened when it exists (to compare items with).</summary>
        public RestoreStateBackup? Backup { get; internal set; }

        /// <summary>Where the backup set's files are (the stack steps read a template from it when the journal has no copy).</summary>
        public IBackupStore? BackupStore { get; internal set; }

        /// <summary>FromBackup: operation ids in the state table that the backup does not hold (the first ones): the restore removes them.</summary>
        public IReadOnlyList<string> OperationsCreatedSinceBackup { get; internal set; } = Array.Empty<string>();

        /// <summary>FromBackup: how many operations the restore removes (all of them, even beyond those named).</summary>
        public long OperationsCreatedSinceBackupCount { get; internal set; }

        /// <summary>Restores in progress (completed = false) when the rollback was prepared: they carry on with the older code.</summary>
        public IReadOnlyList<string> OperationsInProgress { get; internal set; } = Array.Empty<string>();

        public PermissionReport? Permissions { get; internal set; }

        /// <summary>What -WhatIf shows.</summary>
        public string Describe() => (Resumes ? $"Resume the unfinished rollback of run {Run.RunId} (completed steps are skipped):{System.Environment.NewLine}" : string.Empty) + Plan.Describe();
    }
}
