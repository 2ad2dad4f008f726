using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>
    /// cfn-lint (errors, warnings and informational findings) on the templates exactly as the module ships them: no finding
    /// at all. That includes cfn-lint's Lambda runtime lifecycle rules, so the next runtime deprecation fails this test
    /// from its deprecation date (W2531), a month or more before AWS blocks creating functions on it (E2531) and updating
    /// them (E2533). LambdaRuntimeLifecycleTests looks further ahead with the module's own dates.
    /// </summary>
    public sealed class TemplateLintTests
    {
        /// <summary>cfn-lint's runtime lifecycle rules (cfnlint/rules/resources/lmbd/DeprecatedRuntime*.py), dated from its LmbdRuntimeLifecycle.json.</summary>
        internal static readonly string[] LifecycleRules = { "W2531", "E2531", "E2533" };

        public static TheoryData<string> Versions() => IamTemplateContractTests.Versions();

        [Theory]
        [MemberData(nameof(Versions))]
        public void Cfn_lint_passes_on_both_templates(string version)
        {
            var definition = PipelineVersionCatalog.Default.Get(version);
            var findings = Lint(("iam.template.json", definition.IamTemplateBody), ("main.template.json", definition.MainTemplateBody));

            Assert.True(findings.Count == 0, $"cfn-lint on {version}:\n{string.Join("\n", findings.Select(Describe))}");
        }

        /// <summary>The check above can fail: the 3.0.0 main template put back on dotnet8 draws a lifecycle finding on every function.</summary>
        [Fact]
        public void A_template_on_a_retiring_runtime_fails_the_lint_check()
        {
            var definition = PipelineVersionCatalog.Default.Get("3.0.0");
            var retiring = definition.MainTemplateBody.Replace("\"Runtime\": \"dotnet10\"", "\"Runtime\": \"dotnet8\"", StringComparison.Ordinal);
            Assert.NotEqual(definition.MainTemplateBody, retiring);

            var findings = Lint(("main.template.json", retiring));

            var lifecycle = findings.Where(f => LifecycleRules.Contains((string?)f["Rule"]!["Id"]) && ((string?)f["Message"])!.Contains("'dotnet8'", StringComparison.Ordinal)).ToList();
            Assert.Equal(definition.Functions.Count, lifecycle.Count);
            Assert.Equal(findings.Count, lifecycle.Count);
        }

        /// <summary>cfn-lint's findings (JSON) on the given templates, written to a scratch folder under their names.</summary>
        private static IReadOnlyList<JsonNode> Lint(params (string Name, string Body)[] templates)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aurora-restore-lint-" + Guid.NewGuid().ToString("N")));
            try
            {
                var paths = templates.Select(t =>
                {
                    var path = Path.Combine(folder.FullName, t.Name);
                    File.WriteAllText(path, t.Body);
                    return path;
                }).ToList();

                var (exitCode, output, errors) = Run("cfn-lint", new[] { "--format", "json", "--include-checks", "I", "--" }.Concat(paths).ToArray());

                // Exit code: 0 clean, otherwise a bit mask (2 error, 4 warning, 8 informational); 1 means cfn-lint itself failed.
                Assert.True(exitCode != 1 && (exitCode & ~(2 | 4 | 8)) == 0, $"cfn-lint failed to run ({exitCode}): {errors}");
                return string.IsNullOrWhiteSpace(output) ? Array.Empty<JsonNode>() : JsonNode.Parse(output)!.AsArray().Select(f => f!).ToList();
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        private static string Describe(JsonNode finding)
        {
            var rule = (string?)finding["Rule"]!["Id"];
            var lifecycle = LifecycleRules.Contains(rule) ? " (a Lambda runtime AWS is retiring: move the functions to its successor, docs/versions.md \"Lambda runtime\")" : string.Empty;
            return $"{rule} {Path.GetFileName((string?)finding["Filename"])}:{finding["Location"]!["Start"]!["LineNumber"]} {finding["Message"]}{lifecycle}";
        }

        private static (int ExitCode, string Output, string Errors) Run(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result, errors.Result);
        }
    }
}
