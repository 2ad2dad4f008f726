using System;

namespace AuroraRestore.Rollbacks
{
    /// <summary>One step of a rollback, as Undo-RestoreUpgrade emits it when the step ends (or is skipped).</summary>
    public sealed class RollbackStepResult
    {
        /// <summary>The step ran and completed in this invocation.</summary>
        public const string CompletedStatus = "Completed";

        /// <summary>An earlier invocation of the same rollback completed it: skipped.</summary>
        public const string AlreadyDoneStatus = "AlreadyDone";

        public const string FailedStatus = "Failed";

        /// <summary>The upgrade run rolled back.</summary>
        public string RunId { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public int Index { get; set; }

        /// <summary>The rollback journal's key: "003#undo-main-stack".</summary>
        public string Key { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>The hop as the rollback walks it ("2.0.0 -> 1.0.0"), or null for the run's steps and the final ones.</summary>
        public string? Hop { get; set; }

        /// <summary>The upgrade journal key of the step undone ("004#main-stack"), or null for the rollback's own steps.</summary>
        public string? Undoes { get; set; }

        /// <summary>Undo, NothingToUndo or Rollback.</summary>
        public RollbackStepKind Kind { get; set; }

        /// <summary>Completed, AlreadyDone or Failed.</summary>
        public string Status { get; set; } = string.Empty;

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public TimeSpan Duration => StartedAt.HasValue && EndedAt.HasValue ? EndedAt.Value - StartedAt.Value : TimeSpan.Zero;

        /// <summary>How many times the step was started (more than 1 when a rollback was resumed inside it).</summary>
        public long Attempts { get; set; }

        /// <summary>What the step did, in a line.</summary>
        public string Detail { get; set; } = string.Empty;

        public override string ToString() => $"{Key} {Status}: {Detail}";
    }
}
