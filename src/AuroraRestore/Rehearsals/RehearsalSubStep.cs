using System;

namespace AuroraRestore.Rehearsals
{
    /// <summary>One step of the upgrade or rollback a rehearsal ran (from its UpgradeStepResult or RollbackStepResult).</summary>
    public sealed class RehearsalSubStep
    {
        /// <summary>The journal key: "005#main-stack".</summary>
        public string Key { get; set; } = string.Empty;

        /// <summary>"1.0.0 -> 2.0.0", or null for the run's own steps.</summary>
        public string? Hop { get; set; }

        /// <summary>Completed, AlreadyDone or Failed.</summary>
        public string Status { get; set; } = string.Empty;

        public TimeSpan Duration { get; set; }

        public string Detail { get; set; } = string.Empty;

        public override string ToString() => $"{Key} {Status}";
    }
}
