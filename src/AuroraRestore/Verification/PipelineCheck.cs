using System;
using System.Collections.Generic;

namespace AuroraRestore.Verification
{
    /// <summary>The result of one verification check, as Test-RestorePipeline emits it.</summary>
    public sealed class PipelineCheck
    {
        public PipelineCheck(string name, string environment, string version, CheckOutcome outcome, string detail, string? fix, IReadOnlyList<string>? problems = null)
        {
            Name = name;
            Environment = environment;
            Version = version;
            Outcome = outcome;
            Detail = detail;
            Fix = fix;
            Problems = problems ?? Array.Empty<string>();
        }

        /// <summary>One of <see cref="CheckNames"/>.</summary>
        public string Name { get; }

        public string Environment { get; }

        /// <summary>The pipeline version the check expected.</summary>
        public string Version { get; }

        public CheckOutcome Outcome { get; }

        /// <summary>True only when the check ran and found nothing wrong (a skipped check is not passed).</summary>
        public bool Passed => Outcome == CheckOutcome.Passed;

        /// <summary>What was checked and found, in one or a few sentences.</summary>
        public string Detail { get; }

        /// <summary>What to do about a failure; null when the check passed.</summary>
        public string? Fix { get; }

        /// <summary>Each thing found wrong, one per entry (empty when passed).</summary>
        public IReadOnlyList<string> Problems { get; }

        public static PipelineCheck Pass(string name, VerificationTarget target, string detail)
            => new PipelineCheck(name, target.Environment.Name, target.Version.Version, CheckOutcome.Passed, detail, null);

        public static PipelineCheck Skip(string name, VerificationTarget target, string detail)
            => new PipelineCheck(name, target.Environment.Name, target.Version.Version, CheckOutcome.Skipped, detail, null);

        /// <summary>A failed check whose detail lists every problem found.</summary>
        public static PipelineCheck Fail(string name, VerificationTarget target, IReadOnlyList<string> problems, string fix)
            => new PipelineCheck(name, target.Environment.Name, target.Version.Version, CheckOutcome.Failed, string.Join("; ", problems), fix, problems);

        public static PipelineCheck FromProblems(string name, VerificationTarget target, IReadOnlyList<string> problems, string passDetail, string fix)
            => problems.Count == 0 ? Pass(name, target, passDetail) : Fail(name, target, problems, fix);

        public override string ToString() => $"{Name}: {Outcome} ({Detail})";
    }
}
