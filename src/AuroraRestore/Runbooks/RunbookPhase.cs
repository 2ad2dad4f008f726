using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Runbooks
{
    /// <summary>One phase of a runbook (a Pester Describe: Preflight, Backup, Upgrade, Verify, Rollback).</summary>
    public sealed class RunbookPhase
    {
        public string Name { get; set; } = string.Empty;

        /// <summary>Failed when a step failed; Skipped when no step ran (an earlier phase failed); else Passed.</summary>
        public string Result => Tests.Any(t => t.Result == RunbookTest.FailedResult) ? RunbookTest.FailedResult
            : Tests.Count > 0 && Tests.All(t => t.Result == RunbookTest.SkippedResult) ? RunbookTest.SkippedResult
            : RunbookTest.PassedResult;

        public TimeSpan Duration { get; set; }

        public IReadOnlyList<RunbookTest> Tests { get; set; } = Array.Empty<RunbookTest>();

        public override string ToString() => $"{Name} {Result}";
    }
}
