using System;
using System.Collections.Generic;
using System.IO;
using AuroraRestore.Common;
using AuroraRestore.Runbooks;
using Xunit;

namespace AuroraRestore.Tests.Runbooks
{
    public sealed class RunbookInvocationTests : IDisposable
    {
        private static readonly IReadOnlyDictionary<string, object> None = new Dictionary<string, object>();
        private readonly string runbooks = Path.Combine(Path.GetTempPath(), "ar-runbooks-" + Guid.NewGuid().ToString("N"));

        public RunbookInvocationTests()
        {
            Directory.CreateDirectory(runbooks);
            File.WriteAllText(Path.Combine(runbooks, "Upgrade.Runbook.Tests.ps1"), "# stand-in");
            File.WriteAllText(Path.Combine(runbooks, "Rollback.Runbook.Tests.ps1"), "# stand-in");
        }

        public void Dispose() => Directory.Delete(runbooks, recursive: true);

        [Fact]
        public void The_container_data_holds_the_runbook_s_own_parameter_names_and_the_catalog_s_version()
        {
            var options = new Dictionary<string, object> { ["backuppath"] = "/backups", ["DrainTimeout"] = 60 };

            var run = RunbookInvocation.Create("upgrade", "staging", "3.0", options, runbooks, "/results");

            Assert.Equal("Upgrade", run.Runbook.Name);
            Assert.Equal("3.0.0", run.Version);
            Assert.Equal(Path.Combine(runbooks, "Upgrade.Runbook.Tests.ps1"), run.RunbookPath);
            Assert.Equal(Path.Combine("/results", "Upgrade.Runbook.staging.xml"), run.TestResultPath);
            var data = run.ContainerData();
            Assert.Equal("staging", data["Environment"]);
            Assert.Equal("3.0.0", data["TargetVersion"]);
            Assert.Equal("/results", data["ArtifactPath"]);
            Assert.Equal("/backups", data["BackupPath"]);
            Assert.Equal(60, data["DrainTimeout"]);
            Assert.Equal(5, data.Count);
        }

        [Fact]
        public void A_rollback_may_go_without_a_version()
        {
            var run = RunbookInvocation.Create("Rollback", "production", null, None, runbooks, "/results");

            Assert.Null(run.Version);
            Assert.False(run.ContainerData().ContainsKey("ToVersion"));
            Assert.Equal("3.0.0", RunbookInvocation.Create("Rollback", "production", "3.0.x", None, runbooks, "/r").ContainerData()["ToVersion"]);
        }

        public static IEnumerable<object?[]> BadInputs()
        {
            yield return new object?[] { "Deploy", "staging", "3.0.0", null, RunbookErrorIds.UnknownRunbook, FailureCategory.InvalidArgument };
            yield return new object?[] { "Upgrade", "Bad_Name", "3.0.0", null, "InvalidEnvironmentName", FailureCategory.InvalidArgument };
            yield return new object?[] { "Upgrade", "staging", null, null, RunbookErrorIds.RunbookVersionRequired, FailureCategory.InvalidArgument };
            yield return new object?[] { "Upgrade", "staging", "4.0.0", null, "UnknownPipelineVersion", FailureCategory.InvalidArgument };
            yield return new object?[] { "Rollback", "staging", null, "DrainTimeout", RunbookErrorIds.RunbookParameterNotApplicable, FailureCategory.InvalidArgument };
            yield return new object?[] { "Rollback", "staging", null, "BackupPath", RunbookErrorIds.RunbookParameterNotApplicable, FailureCategory.InvalidArgument };
            yield return new object?[] { "Upgrade", "staging", "2.0.0", "Method", RunbookErrorIds.RunbookParameterNotApplicable, FailureCategory.InvalidArgument };
        }

        [Theory]
        [MemberData(nameof(BadInputs))]
        public void Bad_input_is_refused_with_its_error_id(string name, string environment, string? version, string? option, string errorId, FailureCategory category)
        {
            var options = option == null ? None : new Dictionary<string, object> { [option] = 1 };

            var error = Assert.Throws<AuroraRestoreException>(() => RunbookInvocation.Create(name, environment, version, options, runbooks, "/results"));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(category, error.Category);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Fact]
        public void A_module_without_the_runbook_is_RunbookNotFound()
        {
            File.Delete(Path.Combine(runbooks, "Rollback.Runbook.Tests.ps1"));

            var error = Assert.Throws<AuroraRestoreException>(() => RunbookInvocation.Create("Rollback", "staging", null, None, runbooks, "/results"));

            Assert.Equal(RunbookErrorIds.RunbookNotFound, error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
        }

        [Fact]
        public void An_output_path_that_is_a_file_is_refused()
        {
            var file = Path.Combine(runbooks, "Upgrade.Runbook.Tests.ps1");

            var error = Assert.Throws<AuroraRestoreException>(() => RunbookInvocation.Create("Upgrade", "staging", "2.0.0", None, runbooks, file));

            Assert.Equal(RunbookErrorIds.RunbookOutputPathIsFile, error.ErrorId);
        }

        [Fact]
        public void The_shipped_runbooks_declare_the_parameters_the_catalog_passes()
        {
            // The catalog must agree with the param() blocks: Pester fails a run whose data names an undeclared parameter.
            var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "module", "runbooks");
            foreach (var runbook in RunbookCatalog.All)
            {
                var path = Path.Combine(folder, runbook.FileName);
                Assert.True(File.Exists(path), path);

                var text = File.ReadAllText(path);
                foreach (var parameter in new List<string>(runbook.OptionalParameters) { runbook.VersionParameter, "Environment", "ArtifactPath", "Region", "ProfileName", "Credential", "EndpointUrl" })
                {
                    Assert.Matches(@"\] \$" + parameter + @"\b", text);
                }

                foreach (var phase in runbook.Phases)
                {
                    Assert.Contains($"Describe '{phase}'", text, StringComparison.Ordinal);
                }
            }
        }
    }
}
