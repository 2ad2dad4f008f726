using System;

namespace AuroraRestore.Runbooks
{
    /// <summary>One step of a runbook (a Pester It), as its NUnit report records it.</summary>
    public sealed class RunbookTest
    {
        public const string PassedResult = "Passed";
        public const string FailedResult = "Failed";
        public const string SkippedResult = "Skipped";
        public const string InconclusiveResult = "Inconclusive";

        /// <summary>The phase (Describe) the step belongs to.</summary>
        public string Phase { get; set; } = string.Empty;

        /// <summary>What the step checks or does, as a sentence.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Passed, Failed, Skipped (not asked for, or after an earlier failure) or Inconclusive.</summary>
        public string Result { get; set; } = string.Empty;

        public TimeSpan Duration { get; set; }

        /// <summary>Why it failed, or null.</summary>
        public string? Message { get; set; }

        public override string ToString() => $"{Phase}: {Name} {Result}";
    }
}
