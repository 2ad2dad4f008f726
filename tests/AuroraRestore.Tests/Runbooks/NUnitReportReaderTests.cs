using System;
using System.IO;
using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Runbooks;
using Xunit;

namespace AuroraRestore.Tests.Runbooks
{
    public sealed class NUnitReportReaderTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "ar-nunit-" + Guid.NewGuid().ToString("N"));

        public NUnitReportReaderTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Fact]
        public void A_run_stopped_at_its_first_failure_reads_as_phases_with_the_failure_and_the_skipped_rest()
        {
            var phases = NUnitReportReader.Read(Write(NUnitSamples.StoppedAtFirstFailure));

            Assert.Equal(new[] { "Preflight", "Backup", "Upgrade" }, phases.Select(p => p.Name));
            Assert.Equal(new[] { RunbookTest.PassedResult, RunbookTest.FailedResult, RunbookTest.SkippedResult }, phases.Select(p => p.Result));
            var preflight = phases[0];
            Assert.Equal(new[] { "finds the pipeline of 'staging'", "skips this" }, preflight.Tests.Select(t => t.Name));
            Assert.Equal(new[] { RunbookTest.PassedResult, RunbookTest.SkippedResult }, preflight.Tests.Select(t => t.Result));
            Assert.Equal(TimeSpan.FromSeconds(0.3392), preflight.Duration);
            var failed = phases[1].Tests[0];
            Assert.Equal("Backup", failed.Phase);
            Assert.Equal("takes a backup", failed.Name);
            Assert.Equal("Expected 2, because the table is gone, but got 1.", failed.Message);
            Assert.Equal(TimeSpan.FromSeconds(0.0462), failed.Duration);
            Assert.Equal(RunbookTest.SkippedResult, phases[1].Tests[1].Result);
        }

        [Fact]
        public void The_result_counts_steps_and_fails_on_a_failed_one()
        {
            var result = new RunbookResult { Phases = NUnitReportReader.Read(Write(NUnitSamples.StoppedAtFirstFailure)) };

            Assert.Equal(1, result.PassedCount);
            Assert.Equal(1, result.FailedCount);
            Assert.Equal(3, result.SkippedCount);
            Assert.False(result.Passed);
            Assert.Equal("Failed", result.Result);
            Assert.Equal("takes a backup", Assert.Single(result.Failures).Name);
        }

        [Fact]
        public void A_set_up_that_failed_fails_the_steps_of_its_phase()
        {
            var phases = NUnitReportReader.Read(Write(NUnitSamples.RunToTheEnd));

            var upgrade = phases.Single(p => p.Name == "Upgrade");
            Assert.Equal(RunbookTest.FailedResult, upgrade.Result);
            Assert.Contains("setup in some parent block failed", Assert.Single(upgrade.Tests).Message, StringComparison.Ordinal);
            Assert.Equal(RunbookTest.PassedResult, phases.Single(p => p.Name == "Backup").Tests[1].Result);
        }

        [Fact]
        public void A_runbook_that_could_not_be_discovered_has_no_phases_and_does_not_pass()
        {
            var phases = NUnitReportReader.Read(Write(NUnitSamples.DiscoveryFailed));
            Assert.Empty(phases);

            // Pester reports the discovery failure on the container, not as a test: the result must still fail.
            Assert.False(new RunbookResult { Phases = phases }.Passed);
            Assert.False(new RunbookResult { Phases = NUnitReportReader.Read(Write(NUnitSamples.RunToTheEnd.Replace("result=\"Failure\"", "result=\"Success\""))), Errors = new[] { "boom" } }.Passed);
        }

        [Fact]
        public void Nested_contexts_belong_to_their_phase()
        {
            var xml = NUnitSamples.StoppedAtFirstFailure.Replace(
                "<test-case description=\"skips this\"",
                "<test-suite type=\"TestFixture\" name=\"when nested\" executed=\"True\" result=\"Success\" success=\"True\" time=\"0.1\" asserts=\"0\" description=\"when nested\"><results><test-case description=\"inner\" name=\"Preflight.when nested.inner\" time=\"0.1\" asserts=\"0\" success=\"True\" result=\"Success\" executed=\"True\" /></results></test-suite><test-case description=\"skips this\"",
                StringComparison.Ordinal);

            var preflight = NUnitReportReader.Read(Write(xml))[0];

            Assert.Equal(new[] { "finds the pipeline of 'staging'", "inner", "skips this" }, preflight.Tests.Select(t => t.Name));
            Assert.All(preflight.Tests, t => Assert.Equal("Preflight", t.Phase));
        }

        [Theory]
        [InlineData("not xml at all")]
        [InlineData("<other-root />")]
        [InlineData("<test-results><test-suite name=\"Pester\"><results><test-suite name=\"f\"><results><test-suite name=\"P\"><results><test-case name=\"x\" result=\"Exploded\" /></results></test-suite></results></test-suite></results></test-suite></test-results>")]
        [InlineData("<test-results><test-suite name=\"Pester\"><results><test-suite name=\"f\"><results><test-suite name=\"P\" time=\"soon\" /></results></test-suite></results></test-suite></test-results>")]
        public void An_unreadable_report_is_RunbookReportInvalid(string text)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => NUnitReportReader.Read(Write(text)));
            Assert.Equal(RunbookErrorIds.RunbookReportInvalid, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidResult, error.Category);
        }

        [Fact]
        public void A_missing_report_is_RunbookReportMissing()
        {
            var error = Assert.Throws<AuroraRestoreException>(() => NUnitReportReader.Read(Path.Combine(folder, "none.xml")));
            Assert.Equal(RunbookErrorIds.RunbookReportMissing, error.ErrorId);
        }

        private string Write(string text)
        {
            var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".xml");
            File.WriteAllText(path, text);
            return path;
        }
    }
}
