using System;
using System.Collections.Generic;
using AuroraRestore.Verification;

namespace AuroraRestore.Rollbacks
{
    /// <summary>The end of a rollback, as Undo-RestoreUpgrade emits it after the steps.</summary>
    public sealed class RollbackResult
    {
        /// <summary>Every step done (in this invocation or an earlier one of the same rollback).</summary>
        public const string CompletedStatus = "Completed";

        /// <summary>Test hook only: the rollback stopped right after a step as if its process had been killed.</summary>
        public const string AbandonedStatus = "Abandoned";

        /// <summary>The upgrade run rolled back.</summary>
        public string RunId { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        /// <summary>Where the pipeline was (the run's target, or where the run had got to).</summary>
        public string FromVersion { get; set; } = string.Empty;

        /// <summary>The version the pipeline went back to.</summary>
        public string ToVersion { get; set; } = string.Empty;

        public RollbackMethod Method { get; set; }

        /// <summary>Completed (or Abandoned, from the test hook).</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>The upgrade run's status when the rollback started: completed, failed or running (killed).</summary>
        public string UpgradeStatus { get; set; } = string.Empty;

        /// <summary>True when this invocation finished a rollback an earlier one had started.</summary>
        public bool Resumed { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset EndedAt { get; set; }

        public TimeSpan Duration => EndedAt - StartedAt;

        public IReadOnlyList<RollbackStepResult> Steps { get; set; } = Array.Empty<RollbackStepResult>();

        /// <summary>How long new restores were refused by the rollback's switch-backs, summed over the hops.</summary>
        public TimeSpan FreezeWindow { get; set; }

        /// <summary>The upgrade's backup set (FromBackup restored it; ReverseMigration compared the items with it).</summary>
        public string? BackupName { get; set; }

        /// <summary>FromBackup: the set of the items the restore replaced, so that the restore itself can be undone.</summary>
        public string? SafetyBackupName { get; set; }

        public IReadOnlyList<RollbackTableReport> Tables { get; set; } = Array.Empty<RollbackTableReport>();

        /// <summary>The final verification as <see cref="ToVersion"/>: one check each.</summary>
        public IReadOnlyList<PipelineCheck> Verification { get; set; } = Array.Empty<PipelineCheck>();

        /// <summary>True when every verification check that ran passed.</summary>
        public bool Verified { get; set; }

        public override string ToString() => $"{Environment}: {FromVersion} -> {ToVersion} {Status} ({Method}, {Steps.Count} steps)";
    }
}
