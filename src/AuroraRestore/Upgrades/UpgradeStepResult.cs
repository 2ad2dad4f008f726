using System;

namespace AuroraRestore.Upgrades
{
    /// <summary>One step of an upgrade run, as Invoke-RestoreUpgrade emits it when the step ends (or is skipped).</summary>
    public sealed class UpgradeStepResult
    {
        /// <summary>The step ran and completed in this invocation.</summary>
        public const string CompletedStatus = "Completed";

        /// <summary>An earlier invocation of the same run completed it: skipped.</summary>
        public const string AlreadyDoneStatus = "AlreadyDone";

        public const string FailedStatus = "Failed";

        public string RunId { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public int Index { get; set; }

        /// <summary>The journal's key: "005#main-stack".</summary>
        public string Key { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>"1.0.0 -> 2.0.0", or null for preflight, backup and verify.</summary>
        public string? Hop { get; set; }

        /// <summary>Completed, AlreadyDone or Failed.</summary>
        public string Status { get; set; } = string.Empty;

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public TimeSpan Duration => StartedAt.HasValue && EndedAt.HasValue ? EndedAt.Value - StartedAt.Value : TimeSpan.Zero;

        /// <summary>How many times the step was started (more than 1 when a run was resumed inside it).</summary>
        public long Attempts { get; set; }

        /// <summary>What the step did, in a line.</summary>
        public string Detail { get; set; } = string.Empty;

        public override string ToString() => $"{Key} {Status}: {Detail}";
    }
}
