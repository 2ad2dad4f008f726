using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.State;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// The issue's "done when" against moto: 1.0.0 → 3.0.0 in one command, every effect read back through boto3 and the
    /// AWS CLI; and the same upgrade killed after every step and resumed, ending identical to the uninterrupted one.
    /// </summary>
    public sealed class UpgradeEndToEndTests : IClassFixture<MotoServer>, IDisposable
    {
        private static readonly PipelineVersionCatalog Catalog = PipelineVersionCatalog.Default;
        private readonly UpgradeTestBed bed;

        public UpgradeEndToEndTests(MotoServer moto) => bed = new UpgradeTestBed(moto);

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task One_command_upgrades_1_0_to_3_0_and_every_effect_is_visible_through_boto3_and_the_CLI()
        {
            var env = await bed.InstallAsync("eone", "1.0.0");
            var functions = Catalog.Get("3.0.0").Functions;
            var before = EnvironmentSnapshot.Take(bed.Moto, env, functions);
            var emitted = new List<UpgradeStepResult>();
            using var services = bed.Services();

            var result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@e2e 1")).RunAsync(bed.Request(env, "3.0.0"), emitted.Add, CancellationToken.None);
            var after = EnvironmentSnapshot.Take(bed.Moto, env, functions);

            Assert.Equal(UpgradeResult.CompletedStatus, result.Status);
            Assert.Equal("1.0.0", result.FromVersion);
            Assert.Equal("3.0.0", result.ToVersion);
            Assert.Equal(emitted.Select(s => s.Key), result.Steps.Select(s => s.Key));
            Assert.All(result.Steps, s => Assert.Equal(UpgradeStepResult.CompletedStatus, s.Status));

            // Both stacks at the 3.0 templates and tagged 3.0.0.
            foreach (var (name, body) in new[] { (env.IamStackName, Catalog.Get("3.0.0").IamTemplateBody), (env.MainStackName, Catalog.Get("3.0.0").MainTemplateBody) })
            {
                var stack = after.Stack(name);
                Assert.Equal("UPDATE_COMPLETE", (string?)stack["status"]);
                Assert.Equal("3.0.0", (string?)stack["tags"]!["aurora-restore:version"]);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse((string)stack["template"]!)), name + " does not run the 3.0.0 template");
            }

            // The stack events: hop 1 updates main before IAM, hop 2 (2.0 -> 3.0) updates IAM before main.
            var iamUpdates = Updates(after, env.IamStackName);
            var mainUpdates = Updates(after, env.MainStackName);
            Assert.Equal(2, iamUpdates.Count);
            Assert.Equal(2, mainUpdates.Count);
            Assert.True(mainUpdates[0] <= iamUpdates[0], $"hop 1: main {mainUpdates[0]:o} should precede IAM {iamUpdates[0]:o}");
            Assert.True(iamUpdates[1] <= mainUpdates[1], $"hop 2: IAM {iamUpdates[1]:o} should precede main {mainUpdates[1]:o}");
            var journal = bed.ControlRecords(env, "journal#" + result.RunId).Select(r => ((string)r!["sk"]!["S"]!, (string?)r["hop"]?["S"])).ToList();
            var hop2 = journal.Where(j => j.Item2 == "2.0.0 -> 3.0.0").Select(j => j.Item1.Substring(4)).ToList();
            Assert.True(hop2.IndexOf(UpgradeStepNames.IamStack) < hop2.IndexOf(UpgradeStepNames.MainStack));

            // New function versions, live on them, running 3.0.0; the 1.0 versions are still there for a rollback.
            foreach (var function in functions.Select(env.FunctionName))
            {
                var old = before.Function(function);
                var now = after.Function(function);
                Assert.NotEqual((string?)old["live"], (string?)now["live"]);
                Assert.Contains((string?)now["live"], now["versions"]!.AsArray().Select(v => (string?)v));
                Assert.Contains((string?)old["live"], now["versions"]!.AsArray().Select(v => (string?)v));
                Assert.Equal("3.0.0", (string?)now["live_pipeline_version"]);
                Assert.NotEqual((string?)old["live_code_sha256"], (string?)now["live_code_sha256"]);
            }

            // The v3 table schema, every item in the v3 formats, and no item lost (same keys, same count).
            Assert.Equal(new[] { "StatusIndex" }, after.Indexes(env.StateTableName));
            Assert.Empty(after.Indexes(env.AuditTableName));
            foreach (var (table, audit) in new[] { (env.StateTableName, false), (env.AuditTableName, true) })
            {
                Assert.Equal(Keys(before.Items(table), audit), Keys(after.Items(table), audit));
                Assert.All(after.Items(table), i => Assert.Equal("3", (string?)i!["format_version"]?["N"]));
                Assert.All(after.Items(table), i => Assert.NotNull(i!["pipeline_version"]?["S"]));
                Assert.All(after.Items(table), i => Assert.True(audit || i!["step_history"]?["L"] != null, "a v3 state item has a step_history"));
                var report = result.Tables.Single(t => t.TableName == table);
                Assert.Equal(before.Items(table).Count, report.ItemsBefore);
                Assert.Equal(report.ItemsBefore, report.ItemsAfter);
            }

            // The v3 configuration (format 2, with the 1.0 values kept).
            var configuration = JsonNode.Parse(after.Configuration!)!;
            Assert.Equal(2, (int)configuration["format_version"]!);
            Assert.Equal("AuroraRestore", (string?)configuration["metrics_namespace"]);
            Assert.Equal("db.r6g.xlarge", (string?)configuration["db_instance_class"]);

            // The 3.0 alarms, and the pipeline reports 3.0.0.
            Assert.Equal(Catalog.Get("3.0.0").Alarms.Select(a => env.AlarmName(a.Suffix)).OrderBy(n => n, StringComparer.Ordinal), after.Alarms);
            var info = await new PipelineReader(bed.Aws, bed.Log).ReadAsync(env, CancellationToken.None);
            Assert.Equal("3.0.0", info.Version);
            Assert.Equal("Installed", info.Status);

            // The run's records: completed, lock released, intake open, freeze windows measured and short.
            var run = bed.ControlRecord(env, "upgrade", "current")!;
            Assert.Equal("completed", (string?)run["status"]!["S"]);
            Assert.Equal(result.RunId, (string?)run["run_id"]!["S"]);
            Assert.Null(bed.ControlRecord(env, "lock", "upgrade"));
            Assert.Null(bed.ControlRecord(env, "freeze", "intake"));
            Assert.Equal(new[] { "1.0.0 -> 2.0.0", "2.0.0 -> 3.0.0" }, result.FreezeWindows.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.True(result.FreezeWindow > TimeSpan.Zero && result.FreezeWindow < result.Duration, $"freeze {result.FreezeWindow} of {result.Duration}");
            Assert.Equal(result.BackupName, (string?)run["backup_name"]!["S"]);
            Assert.All(journal, j => Assert.Equal("completed", (string?)bed.ControlRecords(env, "journal#" + result.RunId).First(r => (string?)r!["sk"]!["S"] == j.Item1)!["status"]!["S"]));
        }

        [Fact]
        public async Task A_run_killed_after_every_step_and_resumed_each_time_ends_identical_to_an_uninterrupted_run()
        {
            var reference = await bed.InstallAsync("kref", "1.0.0", seed: 11);
            var chained = await bed.InstallAsync("kchain", "1.0.0", seed: 11);
            var functions = Catalog.Get("3.0.0").Functions;
            using var services = bed.Services();
            var uninterrupted = await new UpgradeEngine(services, UpgradeTestBed.Options("test@kref 1")).RunAsync(bed.Request(reference, "3.0.0"), null, CancellationToken.None);

            // Each invocation stops right after the first step it completes, as if its process were killed there (the
            // lock keeps its owner, a process of this host that no longer runs); the next invocation resumes the run.
            var invocations = new List<UpgradeResult>();
            for (var attempt = 1; attempt <= uninterrupted.Steps.Count + 1; attempt++)
            {
                var result = await new UpgradeEngine(services, UpgradeTestBed.Options(UpgradeTestBed.DeadOwner(attempt), abandonAfter: _ => true))
                    .RunAsync(bed.Request(chained, "3.0.0"), null, CancellationToken.None);
                invocations.Add(result);
                if (result.Status == UpgradeResult.CompletedStatus)
                {
                    break;
                }

                Assert.Equal(UpgradeResult.AbandonedStatus, result.Status);
                Assert.Equal(attempt, result.Steps.Count(s => s.Status == UpgradeStepResult.AlreadyDoneStatus) + 1);
                var held = bed.ControlRecord(chained, "lock", "upgrade")!;
                Assert.Equal(UpgradeTestBed.DeadOwner(attempt), (string?)held["owner"]!["S"]);
                Assert.Equal("running", (string?)bed.ControlRecord(chained, "upgrade", "current")!["status"]!["S"]);
            }

            // One invocation per boundary, then one that finds every step done; all of them one run.
            Assert.Equal(uninterrupted.Steps.Count + 1, invocations.Count);
            Assert.Equal(UpgradeResult.CompletedStatus, invocations[^1].Status);
            Assert.Single(invocations.Select(i => i.RunId).Distinct());
            Assert.All(invocations.Skip(1), i => Assert.True(i.Resumed));
            Assert.Equal(uninterrupted.Steps.Select(s => s.Key), invocations[^1].Steps.Select(s => s.Key));
            Assert.All(invocations[^1].Steps, s => Assert.Equal(1, s.Attempts));

            var expected = Normalized(EnvironmentSnapshot.Take(bed.Moto, reference, functions), reference);
            var actual = Normalized(EnvironmentSnapshot.Take(bed.Moto, chained, functions), chained);
            Assert.Equal(expected, actual);
            Assert.Null(bed.ControlRecord(chained, "lock", "upgrade"));
            Assert.Null(bed.ControlRecord(chained, "freeze", "intake"));
        }

        /// <summary>The snapshot without what differs between two environments by name or time alone.</summary>
        private static string Normalized(EnvironmentSnapshot snapshot, PipelineEnvironment env)
        {
            var data = (JsonObject)snapshot.Data.DeepClone();
            foreach (var stack in data["stacks"]!.AsObject())
            {
                stack.Value!.AsObject().Remove("updates");
            }

            return data.ToJsonString().Replace("-" + env.Name, "-ENV", StringComparison.Ordinal).Replace("/" + env.Name + "/", "/ENV/", StringComparison.Ordinal).Replace("\"" + env.Name + "\"", "\"ENV\"", StringComparison.Ordinal);
        }

        private static List<DateTimeOffset> Updates(EnvironmentSnapshot snapshot, string stack)
            => snapshot.Stack(stack)["updates"]!.AsArray().Select(t => DateTimeOffset.Parse((string)t!, CultureInfo.InvariantCulture)).OrderBy(t => t).ToList();

        private static List<string> Keys(JsonArray items, bool audit)
            => items.Select(i => (string)i!["operation_id"]!["S"]! + (audit ? "|" + (string)i["timestamp"]!["S"]! : string.Empty)).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }
}
