using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Runbooks
{
    /// <summary>A runbook run, as Invoke-RestoreRunbook emits it: read back from the NUnit report the run wrote.</summary>
    public sealed class RunbookResult
    {
        /// <summary>Upgrade or Rollback.</summary>
        public string Name { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        /// <summary>The version the runbook went to, or null when none was given (a rollback to the previous version).</summary>
        public string? Version { get; set; }

        /// <summary>Passed when steps ran and none failed, and nothing failed outside a step; else Failed.</summary>
        public string Result => Passed ? RunbookTest.PassedResult : RunbookTest.FailedResult;

        public bool Passed => FailedCount == 0 && Errors.Count == 0 && PassedCount > 0;

        public int PassedCount => AllTests.Count(t => t.Result == RunbookTest.PassedResult);

        public int FailedCount => AllTests.Count(t => t.Result == RunbookTest.FailedResult);

        public int SkippedCount => AllTests.Count(t => t.Result != RunbookTest.PassedResult && t.Result != RunbookTest.FailedResult);

        public DateTimeOffset StartedAt { get; set; }

        public TimeSpan Duration { get; set; }

        public IReadOnlyList<RunbookPhase> Phases { get; set; } = Array.Empty<RunbookPhase>();

        /// <summary>The steps that failed, in order.</summary>
        public IReadOnlyList<RunbookTest> Failures => AllTests.Where(t => t.Result == RunbookTest.FailedResult).ToList();

        /// <summary>Failures outside any step: the runbook could not be discovered, or its top-level set-up failed.</summary>
        public IReadOnlyList<string> Errors { get; set; } = Array.Empty<string>();

        /// <summary>The NUnit 2.5 report (what CI publishes).</summary>
        public string TestResultPath { get; set; } = string.Empty;

        /// <summary>The folder with the report and the runbook's artifacts (the backup set's manifest).</summary>
        public string OutputPath { get; set; } = string.Empty;

        private IEnumerable<RunbookTest> AllTests => Phases.SelectMany(p => p.Tests);

        public override string ToString() => $"{Name} runbook on {Environment}: {Result} ({PassedCount} passed, {FailedCount} failed, {SkippedCount} skipped)";
    }
}
