using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Rehearsals
{
    /// <summary>
    /// What Invoke-RestoreUpgradeRehearsal did and found: every step with its duration, every check, the notes the real
    /// upgrade should heed, and where the Markdown copy of the report is.
    /// </summary>
    public sealed class RehearsalReport
    {
        public string SourceEnvironment { get; set; } = string.Empty;

        /// <summary>The scratch environment the rehearsal cloned into and tore down.</summary>
        public string ScratchEnvironment { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        /// <summary>The source's version (what the scratch copy started at and went back to).</summary>
        public string FromVersion { get; set; } = string.Empty;

        public string TargetVersion { get; set; } = string.Empty;

        /// <summary>True when every step that ran passed and none was skipped after a failure.</summary>
        public bool Passed => Steps.Count > 0 && Steps.All(s => s.Status != RehearsalStep.FailedStatus);

        /// <summary>Passed or Failed.</summary>
        public string Result => Passed ? RehearsalStep.PassedStatus : RehearsalStep.FailedStatus;

        public DateTimeOffset StartedAt { get; set; }

        public TimeSpan Duration { get; set; }

        public IReadOnlyList<RehearsalStep> Steps { get; set; } = Array.Empty<RehearsalStep>();

        public IReadOnlyList<RehearsalCheck> Checks { get; set; } = Array.Empty<RehearsalCheck>();

        /// <summary>Findings for the real upgrade (restores in progress in the source, what was kept, ...).</summary>
        public IReadOnlyList<string> Notes { get; set; } = Array.Empty<string>();

        /// <summary>The Markdown report, or null when none was written.</summary>
        public string? MarkdownPath { get; set; }

        /// <summary>The steps that failed, in order.</summary>
        public IReadOnlyList<RehearsalStep> Failures => Steps.Where(s => s.Status == RehearsalStep.FailedStatus).ToList();

        public override string ToString() => $"Rehearsal of {SourceEnvironment} {FromVersion} -> {TargetVersion} in {ScratchEnvironment}: {Result}";
    }
}
