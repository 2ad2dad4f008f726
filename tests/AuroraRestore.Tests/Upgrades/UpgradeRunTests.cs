using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Restores;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// How a run behaves around its lock, its intake freeze, a failing step and Ctrl+C, on moto, observed through the
    /// AWS CLI: a second upgrade is refused, an expired lock taken over, new restores refused only inside the freeze
    /// window, a failed or stopped run keeps its lock with the reason and finishes when run again.
    /// </summary>
    public sealed class UpgradeRunTests : IClassFixture<MotoServer>, IDisposable
    {
        private readonly UpgradeTestBed bed;

        public UpgradeRunTests(MotoServer moto) => bed = new UpgradeTestBed(moto);

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task A_second_upgrade_is_refused_an_expired_lock_is_taken_over_and_intake_is_frozen_only_during_the_switch_over()
        {
            var env = await bed.InstallAsync("locked", "1.0.0", items: 4);
            var liveElsewhere = LockItem("run-elsewhere", "ops@build-agent-3 777", DateTimeOffset.UtcNow.AddMinutes(10));
            bed.Cli("dynamodb", "put-item", "--table-name", env.ControlTableName, "--item", liveElsewhere);
            using var services = bed.Services();

            // A plan reviewed first, then applied: refused while another runner holds the lock.
            var plan = UpgradePlanFile.FromJson(UpgradePlanFile.ToJson(await new UpgradePlanner(services).PlanAsync(env, "2.0.0", true, false, bed.Package, CancellationToken.None)), "plan.json");
            var request = bed.Request(env, null);
            request.Plan = plan;
            var refused = await Assert.ThrowsAsync<AuroraRestoreException>(() => new UpgradeEngine(services, UpgradeTestBed.Options("test@second 1")).RunAsync(request, null, CancellationToken.None));
            Assert.Equal(UpgradeErrorIds.UpgradeInProgress, refused.ErrorId);
            Assert.Equal("run-elsewhere", (string?)bed.ControlRecord(env, "lock", "upgrade")!["run_id"]!["S"]);
            Assert.Null(bed.ControlRecord(env, "upgrade", "current"));
            Assert.Equal("1.0.0", StackVersion(env.MainStackName));

            // The other runner died on its machine; once its lease has expired the lock is taken over.
            bed.Cli("dynamodb", "put-item", "--table-name", env.ControlTableName, "--item", LockItem("run-elsewhere", "ops@build-agent-3 777", DateTimeOffset.UtcNow.AddSeconds(-5)));
            var freezes = new Dictionary<string, bool>();
            var reader = new IntakeFreezeReader(bed.Aws.DynamoDb, env.ControlTableName);
            var result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@second 1")).RunAsync(request, step =>
            {
                // What Start-AuroraRestore checks, read right after each step.
                freezes[step.Name] = reader.ReadAsync(DateTimeOffset.UtcNow, CancellationToken.None).GetAwaiter().GetResult() != null;
            }, CancellationToken.None);

            Assert.Equal(UpgradeResult.CompletedStatus, result.Status);
            Assert.Contains(bed.Log.Warnings, w => w.Contains("Taking over the upgrade lock", StringComparison.Ordinal) && w.Contains("lease expired", StringComparison.Ordinal));
            Assert.Equal("2.0.0", StackVersion(env.MainStackName));
            Assert.Equal(plan.PlanId, (string?)bed.ControlRecord(env, "upgrade", "current")!["plan_id"]!["S"]);
            var frozenAfter = freezes.Where(f => f.Value).Select(f => f.Key).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "freeze-intake", "live-aliases", "main-stack", "publish-versions" }, frozenAfter);
            Assert.False(freezes["thaw-intake"]);
            Assert.False(freezes["backup"]);
            Assert.False(freezes["state-migration"]);
            Assert.Null(bed.ControlRecord(env, "lock", "upgrade"));
        }

        [Fact]
        public async Task A_failed_step_stops_the_run_keeps_the_lock_with_the_failure_and_the_same_command_finishes_it()
        {
            var env = await bed.InstallAsync("failing", "1.0.0", items: 4);
            var flaky = new FailingPublishLambda(bed.Aws.Lambda, env.FunctionName("verify-restore"), failures: 1);
            using var services = bed.Services(lambda: flaky);
            var emitted = new List<UpgradeStepResult>();

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new UpgradeEngine(services, UpgradeTestBed.Options("test@failing 1")).RunAsync(bed.Request(env, "2.0.0"), emitted.Add, CancellationToken.None));

            Assert.Equal(UpgradeErrorIds.UpgradeStepFailed, error.ErrorId);
            Assert.Equal(FailureCategory.ResourceUnavailable, error.Category);
            Assert.Equal("005#publish-versions", error.Target);
            Assert.Contains("AwsServiceUnavailable", error.Message);
            Assert.Contains("Invoke-RestoreUpgrade -Environment failing -TargetVersion 2.0.0", error.RecommendedAction);
            Assert.Contains("Undo-RestoreUpgrade -Environment failing", error.RecommendedAction);
            Assert.Equal(UpgradeStepResult.FailedStatus, emitted[^1].Status);

            var run = bed.ControlRecord(env, "upgrade", "current")!;
            var runId = (string)run["run_id"]!["S"]!;
            Assert.Equal("failed", (string?)run["status"]!["S"]);
            var held = bed.ControlRecord(env, "lock", "upgrade")!;
            Assert.Equal(runId, (string?)held["run_id"]!["S"]);
            Assert.Contains("005#publish-versions failed", (string?)held["failure"]!["S"]);
            var entry = bed.ControlRecord(env, "journal#" + runId, "005#publish-versions")!;
            Assert.Equal("failed", (string?)entry["status"]!["S"]);
            var publishedBefore = entry["published"]!["M"]!.AsObject().Select(p => p.Key).ToList();
            Assert.Contains(env.FunctionName("verify-restore"), entry["previous_live"]!["M"]!.AsObject().Select(p => p.Key));
            Assert.DoesNotContain(env.FunctionName("verify-restore"), publishedBefore);
            Assert.NotNull(bed.ControlRecord(env, "freeze", "intake"));

            // Another target is refused while the run is unfinished; the same command resumes and finishes it.
            var other = await Assert.ThrowsAsync<AuroraRestoreException>(() => new UpgradeEngine(services, UpgradeTestBed.Options("test@failing 2")).RunAsync(bed.Request(env, "3.0.0"), null, CancellationToken.None));
            Assert.Equal(UpgradeErrorIds.UpgradeRunUnfinished, other.ErrorId);

            var result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@failing 2")).RunAsync(bed.Request(env, "2.0.0"), null, CancellationToken.None);
            Assert.Equal(UpgradeResult.CompletedStatus, result.Status);
            Assert.True(result.Resumed);
            Assert.Equal(runId, result.RunId);
            Assert.Equal(2, result.Steps.Single(s => s.Name == UpgradeStepNames.PublishVersions).Attempts);
            Assert.All(result.Steps.Where(s => s.Index < 5), s => Assert.Equal(UpgradeStepResult.AlreadyDoneStatus, s.Status));

            // Each function got exactly one new version: the functions published before the failure were not published again.
            foreach (var function in AuroraRestore.Versions.PipelineVersionCatalog.Default.Get("2.0.0").Functions.Select(env.FunctionName))
            {
                var versions = bed.Cli("lambda", "list-versions-by-function", "--function-name", function)!["Versions"]!.AsArray().Select(v => (string)v!["Version"]!).Where(v => v != "$LATEST").ToList();
                Assert.Equal(2, versions.Count);
            }

            Assert.Equal("completed", (string?)bed.ControlRecord(env, "upgrade", "current")!["status"]!["S"]);
            Assert.Null(bed.ControlRecord(env, "lock", "upgrade"));
            Assert.Null(bed.ControlRecord(env, "freeze", "intake"));
        }

        [Fact]
        public async Task Ctrl_C_stops_at_the_next_step_boundary_with_the_journal_consistent_and_the_run_resumes()
        {
            var env = await bed.InstallAsync("stopping", "1.0.0", items: 4);
            using var services = bed.Services();
            using var cancel = new CancellationTokenSource();

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new UpgradeEngine(services, UpgradeTestBed.Options("test@stop 1")).RunAsync(bed.Request(env, "2.0.0"), step =>
            {
                if (step.Name == UpgradeStepNames.LambdaPackage)
                {
                    cancel.Cancel();
                }
            }, cancel.Token));

            Assert.Equal(UpgradeErrorIds.UpgradeStopped, error.ErrorId);
            Assert.Equal(FailureCategory.OperationStopped, error.Category);
            Assert.Equal("003#freeze-intake", error.Target);
            var run = bed.ControlRecord(env, "upgrade", "current")!;
            var runId = (string)run["run_id"]!["S"]!;
            Assert.Contains("stopped by the user before step 003#freeze-intake", (string?)run["failure"]!["S"]);
            var journal = bed.ControlRecords(env, "journal#" + runId).Select(r => ((string)r!["sk"]!["S"]!, (string)r["status"]!["S"]!)).ToList();
            Assert.Equal(new[] { ("000#preflight", "completed"), ("001#backup", "completed"), ("002#lambda-package", "completed") }, journal);
            Assert.Null(bed.ControlRecord(env, "freeze", "intake"));
            Assert.Equal("1.0.0", StackVersion(env.MainStackName));

            var result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@stop 2")).RunAsync(bed.Request(env, "2.0.0"), null, CancellationToken.None);
            Assert.Equal(UpgradeResult.CompletedStatus, result.Status);
            Assert.Equal(runId, result.RunId);
            Assert.Equal("2.0.0", StackVersion(env.MainStackName));
        }

        private string StackVersion(string stack)
            => (string)bed.Cli("cloudformation", "describe-stacks", "--stack-name", stack)!["Stacks"]![0]!["Tags"]!.AsArray().First(t => (string?)t!["Key"] == "aurora-restore:version")!["Value"]!;

        private static string LockItem(string runId, string owner, DateTimeOffset expires) => new JsonObject
        {
            ["pk"] = new JsonObject { ["S"] = "lock" },
            ["sk"] = new JsonObject { ["S"] = "upgrade" },
            ["revision"] = new JsonObject { ["N"] = "3" },
            ["run_id"] = new JsonObject { ["S"] = runId },
            ["owner"] = new JsonObject { ["S"] = owner },
            ["operation"] = new JsonObject { ["S"] = "upgrade" },
            ["acquired_at"] = new JsonObject { ["S"] = "2026-11-25T09:00:00.000Z" },
            ["expires_at"] = new JsonObject { ["N"] = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }.ToJsonString();
    }
}
