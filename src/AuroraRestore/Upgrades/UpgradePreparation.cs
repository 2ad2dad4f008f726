using System.Collections.Generic;
using AuroraRestore.Backups;
using AuroraRestore.Security;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Everything an upgrade run checked before changing anything: the plan to apply (new, from -Plan, or the
    /// unfinished run's), whether it resumes a run, and the preflight findings. -WhatIf stops here.
    /// </summary>
    public sealed class UpgradePreparation
    {
        internal UpgradePreparation(UpgradeRequest request, UpgradePlan plan, UpgradeRun? resumedRun, IReadOnlyList<JournalEntry> journal, PermissionReport? permissions, string stacks, RestoreStateBackup? existingBackup, BackupLocation backupLocation)
        {
            Request = request;
            Plan = plan;
            ResumedRun = resumedRun;
            Journal = journal;
            Permissions = permissions;
            Stacks = stacks;
            ExistingBackup = existingBackup;
            BackupLocation = backupLocation;
        }

        public UpgradeRequest Request { get; }

        public UpgradePlan Plan { get; }

        /// <summary>The unfinished run this invocation finishes, or null for a new run.</summary>
        public UpgradeRun? ResumedRun { get; }

        public bool Resumes => ResumedRun != null;

        /// <summary>The resumed run's journal as found (empty for a new run).</summary>
        public IReadOnlyList<JournalEntry> Journal { get; }

        /// <summary>Null when the plan is empty (nothing to check).</summary>
        public PermissionReport? Permissions { get; }

        /// <summary>The stacks' states, in a line.</summary>
        public string Stacks { get; }

        /// <summary>The verified set named by -BackupName, when given.</summary>
        public RestoreStateBackup? ExistingBackup { get; }

        public BackupLocation BackupLocation { get; }

        /// <summary>What -WhatIf shows: the plan, or the rest of the run being resumed.</summary>
        public string Describe()
            => ResumedRun == null
                ? Plan.Describe()
                : $"Resume {ResumedRun} (completed steps are skipped):{System.Environment.NewLine}{Plan.Describe()}";
    }
}
