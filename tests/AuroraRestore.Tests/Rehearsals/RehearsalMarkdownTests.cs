using System;
using AuroraRestore.Rehearsals;
using Xunit;

namespace AuroraRestore.Tests.Rehearsals
{
    public sealed class RehearsalMarkdownTests
    {
        private static RehearsalReport Report() => new RehearsalReport
        {
            SourceEnvironment = "production",
            ScratchEnvironment = "rehearsal",
            Region = "eu-west-1",
            FromVersion = "1.0.0",
            TargetVersion = "3.0.0",
            StartedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromSeconds(125),
            Steps = new[]
            {
                new RehearsalStep { Index = 1, Name = "Preflight", Status = "Passed", Duration = TimeSpan.FromSeconds(1.26), Detail = "checked" },
                new RehearsalStep
                {
                    Index = 2, Name = "Upgrade", Status = "Failed", Duration = TimeSpan.FromSeconds(61), ErrorId = "UpgradeStepFailed", Error = "main-stack failed:\nthe | pipe",
                    SubSteps = new[] { new RehearsalSubStep { Key = "005#main-stack", Hop = "1.0.0 -> 2.0.0", Status = "Failed", Duration = TimeSpan.FromSeconds(2), Detail = "boom" } },
                },
                new RehearsalStep { Index = 3, Name = "Teardown", Status = "Skipped", Detail = "kept" },
            },
            Checks = new[] { new RehearsalCheck { Step = "Verify upgraded", Version = "3.0.0", Name = "Monitoring", Outcome = "Failed", Detail = "no alarm", Fix = "apply alarms" } },
            Notes = new[] { "2 restore(s) were in progress" },
        };

        [Fact]
        public void The_report_lists_every_step_sub_step_check_failure_and_note()
        {
            var text = RehearsalMarkdown.Render(Report());

            Assert.StartsWith("# Upgrade rehearsal: production 1.0.0 → 3.0.0\n", text, StringComparison.Ordinal);
            Assert.Contains("- **Result: Failed**\n", text, StringComparison.Ordinal);
            Assert.Contains("took 2 min 05 s", text, StringComparison.Ordinal);
            Assert.Contains("| 1 | Preflight | Passed | 1.3 s | checked |\n", text, StringComparison.Ordinal);
            Assert.Contains("| 2 | Upgrade | Failed | 1 min 01 s | main-stack failed: the \\| pipe |\n", text, StringComparison.Ordinal);
            Assert.Contains("| 3 | Teardown | Skipped | 0.0 s | kept |\n", text, StringComparison.Ordinal);
            Assert.Contains("## Upgrade: its steps\n", text, StringComparison.Ordinal);
            Assert.Contains("| `005#main-stack` | 1.0.0 -> 2.0.0 | Failed | 2.0 s | boom |\n", text, StringComparison.Ordinal);
            Assert.Contains("| Verify upgraded | 3.0.0 | Monitoring | Failed | no alarm Fix: apply alarms |\n", text, StringComparison.Ordinal);
            Assert.Contains("- **Upgrade** (`UpgradeStepFailed`): main-stack failed: the | pipe\n", text, StringComparison.Ordinal);
            Assert.Contains("## Notes\n\n- 2 restore(s) were in progress\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        }

        [Fact]
        public void A_report_passes_only_when_no_step_failed()
        {
            var report = Report();
            Assert.False(report.Passed);
            Assert.Equal("Upgrade", Assert.Single(report.Failures).Name);

            report.Steps[1].Status = RehearsalStep.PassedStatus;
            Assert.True(report.Passed);
            Assert.Equal("Passed", report.Result);
            Assert.False(new RehearsalReport().Passed);
        }
    }
}
