using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>The module's table of Lambda runtime lifecycle dates, the check every deployment makes with it, and the packages built for the runtime.</summary>
    public sealed class LambdaRuntimeLifecycleTests
    {
        /// <summary>How long before a shipped runtime's deprecation CI starts failing: time to move the templates and release.</summary>
        private const int NoticeDays = 180;

        private static readonly string Dotnet8Template = PipelineVersionCatalog.Default.Get("2.0.0").MainTemplateBody.Replace("\"Runtime\": \"dotnet10\"", "\"Runtime\": \"dotnet8\"", StringComparison.Ordinal);

        public static TheoryData<string> Versions() => IamTemplateContractTests.Versions();

        [Theory]
        [MemberData(nameof(Versions))]
        public void Every_function_of_every_version_runs_on_a_runtime_supported_for_six_more_months(string version)
        {
            var definition = PipelineVersionCatalog.Default.Get(version);
            var runtimes = LambdaRuntimeLifecycle.FunctionRuntimes(definition.MainTemplateBody, version);
            Assert.Equal(definition.Functions.Count, runtimes.Count);
            var deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(NoticeDays);
            foreach (var runtime in runtimes.Select(r => r.Value).Distinct())
            {
                Assert.True(LambdaRuntimeLifecycle.TryGet(runtime, out var lifecycle), $"{version}: no lifecycle dates for {runtime}");
                Assert.True(
                    deadline < lifecycle.Deprecated,
                    $"{version} deploys its functions on {lifecycle}: AWS deprecates it within {NoticeDays} days. Move the Lambda host and every version's templates to {lifecycle.Successor ?? "its successor"} (docs/versions.md, \"Lambda runtime\").");
            }
        }

        /// <summary>A second source for the dates: cfn-lint's own lifecycle data, for every runtime both know.</summary>
        [Fact]
        public void The_dates_agree_with_cfn_lint_wherever_it_knows_the_runtime()
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import cfnlint.data.AdditionalSpecs as a, os; print(open(os.path.join(os.path.dirname(a.__file__), 'LmbdRuntimeLifecycle.json')).read())");
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var cfnLint = JsonNode.Parse(text)!.AsObject();

            var compared = 0;
            foreach (var runtime in LambdaRuntimeLifecycle.Known.Where(r => cfnLint.ContainsKey(r.Runtime)))
            {
                var dates = cfnLint[runtime.Runtime]!;
                Assert.Equal((string?)dates["deprecated"], runtime.Deprecated.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal((string?)dates["create-block"], runtime.CreateBlocked.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal((string?)dates["update-block"], runtime.UpdateBlocked.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                compared++;
            }

            Assert.True(compared >= 1, "cfn-lint knows none of the module's runtimes");
        }

        [Theory]
        [InlineData(LambdaRuntimeChange.Create, "2026-11-09", null)]
        [InlineData(LambdaRuntimeChange.Create, "2026-11-10", "warning")]
        [InlineData(LambdaRuntimeChange.Create, "2026-12-09", "warning")]
        [InlineData(LambdaRuntimeChange.Create, "2026-12-10", "2026-12-10")]
        [InlineData(LambdaRuntimeChange.Update, "2026-12-10", "warning")]
        [InlineData(LambdaRuntimeChange.Update, "2027-01-10", "warning")]
        [InlineData(LambdaRuntimeChange.Update, "2027-01-11", "2027-01-11")]
        public void A_deployment_on_dotnet8_is_refused_from_the_day_AWS_blocks_it(LambdaRuntimeChange change, string day, string? outcome)
        {
            var today = DateTimeOffset.Parse(day + "T23:59:59Z", System.Globalization.CultureInfo.InvariantCulture);
            if (outcome == null || outcome == "warning")
            {
                var warnings = LambdaRuntimeLifecycle.Require(Dotnet8Template, "main", change, today, "Deploying", "do this");
                Assert.Equal(outcome == null ? 0 : 1, warnings.Count);
                return;
            }

            var error = Assert.Throws<AuroraRestoreException>(() => LambdaRuntimeLifecycle.Require(Dotnet8Template, "main", change, today, "Deploying", "do this"));
            Assert.Equal(LambdaRuntimeLifecycle.RuntimeRetiredErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, error.Category);
            Assert.Equal("dotnet8", error.Target);
            Assert.Contains($"dotnet8 functions since {outcome}", error.Message);
            Assert.Contains("11 function(s) (ArchiveSnapshotFunction, CheckCopyStatusFunction, CheckDeleteStatusFunction, ...)", error.Message);
            Assert.Equal("do this", error.RecommendedAction);
        }

        [Fact]
        public void A_runtime_without_known_dates_gives_a_warning_and_a_template_in_YAML_is_refused()
        {
            var warnings = LambdaRuntimeLifecycle.Require(Dotnet8Template.Replace("\"dotnet8\"", "\"provided.al2023\"", StringComparison.Ordinal), "main", LambdaRuntimeChange.Update, DateTimeOffset.UtcNow, "Deploying", "do this");
            Assert.Contains("no lifecycle dates", Assert.Single(warnings));

            var error = Assert.Throws<AuroraRestoreException>(() => LambdaRuntimeLifecycle.FunctionRuntimes("Resources:\n  F:\n    Type: AWS::Lambda::Function\n", "stack-x"));
            Assert.Equal("TemplateNotJson", error.ErrorId);
            Assert.Equal("stack-x", error.Target);
        }

        /// <summary>
        /// Each version's package (build.ps1 Build-LambdaPackages) is built for the runtime its template names: the
        /// runtimeconfig.json the managed runtime starts the host with, and the deps.json's target, name its framework.
        /// </summary>
        [Theory]
        [MemberData(nameof(Versions))]
        public void Each_versions_Lambda_package_is_built_for_the_runtime_of_its_functions(string version)
        {
            var definition = PipelineVersionCatalog.Default.Get(version);
            var zip = Path.Combine(Bench.UpgradeBaselineTests.RepositoryRoot(), "out", "AuroraRestore", "lambda", definition.LambdaPackageFileName);
            Assert.True(File.Exists(zip), $"{zip} is missing: run ./build.ps1 Build first");
            Assert.True(LambdaRuntimeLifecycle.TryGet(definition.FunctionDefinitions.Select(f => f.Runtime).Distinct().Single(), out var runtime));

            using var archive = ZipFile.OpenRead(zip);
            JsonNode Read(string name)
            {
                var entry = archive.GetEntry(name);
                Assert.True(entry != null, $"{definition.LambdaPackageFileName} has no {name}");
                using var reader = new StreamReader(entry!.Open());
                return JsonNode.Parse(reader.ReadToEnd())!;
            }

            var options = Read("AuroraRestore.LambdaHost.runtimeconfig.json")["runtimeOptions"]!;
            Assert.Equal(runtime.TargetFramework, (string?)options["tfm"]);
            Assert.Equal("Microsoft.NETCore.App", (string?)options["framework"]!["name"]);
            Assert.Equal(".NETCoreApp,Version=v" + runtime.TargetFramework.Substring(3), (string?)Read("AuroraRestore.LambdaHost.deps.json")["runtimeTarget"]!["name"]);
            using var stamp = new StreamReader(archive.GetEntry("pipeline-version.txt")!.Open());
            Assert.Equal(version, stamp.ReadToEnd());
        }
    }
}
