using System;
using System.Collections.Generic;

namespace AuroraRestore.Rehearsals
{
    /// <summary>One step of a rehearsal (clone, upgrade, verify, roll back, verify, tear down), as the report lists it.</summary>
    public sealed class RehearsalStep
    {
        public const string PassedStatus = "Passed";
        public const string FailedStatus = "Failed";
        public const string SkippedStatus = "Skipped";

        public int Index { get; set; }

        /// <summary>Preflight, Clone, Upgrade, Verify upgraded, Rollback, Verify rolled back, Teardown.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Passed, Failed, or Skipped (an earlier step failed, or it was not asked for).</summary>
        public string Status { get; set; } = SkippedStatus;

        public DateTimeOffset? StartedAt { get; set; }

        public TimeSpan Duration { get; set; }

        /// <summary>What the step did or found, in a line.</summary>
        public string Detail { get; set; } = string.Empty;

        /// <summary>The error id of the failure, or null.</summary>
        public string? ErrorId { get; set; }

        /// <summary>The failure's message, or null.</summary>
        public string? Error { get; set; }

        /// <summary>The upgrade's or the rollback's own steps (journal key, status, duration, detail); empty for the others.</summary>
        public IReadOnlyList<RehearsalSubStep> SubSteps { get; set; } = Array.Empty<RehearsalSubStep>();

        public override string ToString() => $"{Index}. {Name} {Status}";
    }
}
