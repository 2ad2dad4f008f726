using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Rollbacks;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Upgrades;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Rollbacks
{
    /// <summary>
    /// The issue's "done when" against moto: upgrade, create restores, roll back; every effect read back through boto3
    /// (stacks and templates, aliases, indexes, configuration, alarms, items) and the control table through the AWS CLI.
    /// </summary>
    public sealed class RollbackEndToEndTests : IClassFixture<MotoServer>, IDisposable
    {
        private static readonly PipelineVersionCatalog Catalog = PipelineVersionCatalog.Default;
        private readonly RollbackTestBed bed;

        public RollbackEndToEndTests(MotoServer moto) => bed = new RollbackTestBed(moto);

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task Undoing_1_0_to_2_0_puts_back_the_1_0_stacks_aliases_schema_and_items_and_keeps_the_new_restores_in_the_1_0_format()
        {
            var env = await bed.InstallAsync("rbone", "1.0.0");
            var before = bed.Observe(env);
            var upgrade = await bed.UpgradeAsync(env, "2.0.0");
            var created = await bed.CreateRestoresAsync(env, "2.0.0", 3);
            var emitted = new List<RollbackStepResult>();

            var result = await bed.UndoAsync(env, onStep: emitted.Add, allChecks: true);
            var after = bed.Observe(env);

            Assert.Equal(RollbackResult.CompletedStatus, result.Status);
            Assert.Equal(("2.0.0", "1.0.0", RollbackMethod.ReverseMigration, "completed"), (result.FromVersion, result.ToVersion, result.Method, result.UpgradeStatus));
            Assert.Equal(emitted.Select(s => s.Key), result.Steps.Select(s => s.Key));
            Assert.Equal(
                new[]
                {
                    "undo-verify", "freeze-intake", "undo-thaw-intake", "undo-live-aliases", "undo-publish-versions", "undo-main-stack", "undo-freeze-intake",
                    "undo-lambda-package", "thaw-intake", "undo-iam-stack", "undo-state-migration", "undo-alarms", "undo-table-schema", "undo-backup", "undo-preflight",
                    "compare-items", "verify",
                },
                result.Steps.Select(s => s.Name));
            Assert.All(result.Steps, s => Assert.Equal(RollbackStepResult.CompletedStatus, s.Status));

            // Stacks, templates, parameters, tags, aliases (on the very versions of before), indexes, configuration, alarms.
            Assert.Equal(before.Shape, after.Shape);
            foreach (var (name, body) in new[] { (env.IamStackName, Catalog.Get("1.0.0").IamTemplateBody), (env.MainStackName, Catalog.Get("1.0.0").MainTemplateBody) })
            {
                Assert.Equal("UPDATE_COMPLETE", (string?)after.Stack(name)["status"]);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse((string)after.Stack(name)["template"]!)), name + " does not run the 1.0.0 template");
            }

            Assert.All(RollbackTestBed.Functions.Take(11).Select(env.FunctionName), f => Assert.Equal("1.0.0", (string?)after.Function(f)["live_pipeline_version"]));
            Assert.Empty(after.Indexes(env.StateTableName));

            // Every pre-upgrade item identical, every restore created since present in the 1.0 formats.
            RollbackTestBed.AssertItems(before, after, env, created, format: 1);
            var state = result.Tables.Single(t => t.TableName == env.StateTableName);
            Assert.True(state.PreUpgradeItemsIdentical);
            Assert.Equal(3, state.ItemsCreatedSinceBackup);
            Assert.Equal(state.BackupChecksum, state.PreUpgradeItemsChecksum);
            Assert.Equal(upgrade.Tables.Single(t => t.TableName == env.StateTableName).ChecksumBefore, state.ChecksumBeforeUpgrade);
            Assert.Equal(state.ChecksumBeforeUpgrade, state.PreUpgradeItemsChecksum);
            Assert.Equal(6 + 3, state.ItemsAfter);
            Assert.True(result.Verified);
            Assert.Equal(new[] { "FunctionVersions", "StateMachineExecution", "TableSchema", "Monitoring" }, result.Verification.Select(c => c.Name));
            Assert.All(result.Verification, c => Assert.True(c.Passed, c.ToString()));
            Assert.True(result.FreezeWindow > TimeSpan.Zero && result.FreezeWindow < result.Duration);

            // The records: run rolled back, lock released, intake open, the rollback journal complete.
            var run = bed.Upgrades.ControlRecord(env, "upgrade", "current")!;
            Assert.Equal("rolled_back", (string?)run["status"]!["S"]);
            Assert.Equal("1.0.0", (string?)run["rollback_to"]!["S"]);
            Assert.Equal("completed", (string?)run["status_before_rollback"]!["S"]);
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
            Assert.Null(bed.ControlItem(env, "freeze", "intake"));
            var journal = bed.Upgrades.ControlRecords(env, "rollback#" + upgrade.RunId + "#1.0.0");
            Assert.Equal(result.Steps.Select(s => s.Key), journal.Select(r => (string?)r!["sk"]!["S"]));
            Assert.All(journal, r => Assert.Equal("completed", (string?)r!["status"]!["S"]));
            Assert.Equal("004#main-stack", (string?)journal.First(r => ((string)r!["sk"]!["S"]!).EndsWith("undo-main-stack", StringComparison.Ordinal))!["undoes"]!["S"]);

            // A second undo has nothing to do; a new upgrade starts a new run from 1.0.0.
            var again = await bed.RefusedAsync(env);
            Assert.Equal(RollbackErrorIds.NothingToUndo, again.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, again.Category);
        }

        [Fact]
        public async Task Undoing_2_0_to_3_0_killed_inside_the_switch_back_is_finished_by_running_it_again_and_ends_at_the_2_0_pipeline()
        {
            var env = await bed.InstallAsync("rbtwo", "2.0.0");
            var before = bed.Observe(env);
            var upgrade = await bed.UpgradeAsync(env, "3.0.0");
            var created = await bed.CreateRestoresAsync(env, "3.0.0", 2);

            // Killed right after the main stack went back (intake still frozen, the IAM stack not yet back).
            var killed = await bed.UndoAsync(env, abandonAfter: key => key.EndsWith("#undo-main-stack", StringComparison.Ordinal));
            Assert.Equal(RollbackResult.AbandonedStatus, killed.Status);
            var pointer = bed.Upgrades.ControlRecord(env, "upgrade", "current")!;
            Assert.Equal("rolling_back", (string?)pointer["status"]!["S"]);
            Assert.StartsWith("test@", bed.ControlItem(env, "lock", "upgrade")!["owner"].S);
            Assert.Equal("rollback", bed.ControlItem(env, "lock", "upgrade")!["operation"].S);
            Assert.NotNull(bed.ControlItem(env, "freeze", "intake"));

            // Nothing else may start on the half-rolled-back pipeline; another target for the rollback is refused too.
            using (var services = bed.Upgrades.Services())
            {
                var upgradeAgain = await Assert.ThrowsAsync<AuroraRestoreException>(() => new UpgradeEngine(services, UpgradeTestBed.Options("test@again 1")).RunAsync(bed.Upgrades.Request(env, "3.0.0"), null, System.Threading.CancellationToken.None));
                Assert.Equal(UpgradeErrorIds.UpgradeRunUnfinished, upgradeAgain.ErrorId);
            }

            Assert.Equal(RollbackErrorIds.RollbackUnfinished, (await bed.RefusedAsync(env, method: RollbackMethod.FromBackup)).ErrorId);

            var result = await bed.UndoAsync(env);
            var after = bed.Observe(env);

            Assert.Equal(RollbackResult.CompletedStatus, result.Status);
            Assert.True(result.Resumed);
            Assert.Equal(killed.Steps.Select(s => s.Key), result.Steps.Where(s => s.Status == RollbackStepResult.AlreadyDoneStatus).Select(s => s.Key));
            var names = result.Steps.Select(s => s.Name).ToList();
            Assert.True(names.IndexOf("undo-live-aliases") < names.IndexOf("undo-configuration"));
            Assert.True(names.IndexOf("undo-configuration") < names.IndexOf("undo-main-stack"));
            Assert.True(names.IndexOf("undo-main-stack") < names.IndexOf("thaw-intake"));
            Assert.True(names.IndexOf("thaw-intake") < names.IndexOf("undo-iam-stack"), "the IAM stack goes back after the main stack");
            Assert.True(names.IndexOf("undo-iam-stack") < names.IndexOf("undo-state-migration"));

            Assert.Equal(before.Shape, after.Shape);
            Assert.Equal(1, (int)JsonNode.Parse(after.Snapshot.Configuration!)!["format_version"]!);
            Assert.Equal(new[] { "StatusIndex" }, after.Indexes(env.StateTableName));
            RollbackTestBed.AssertItems(before, after, env, created, format: 2);
            Assert.All(result.Tables, t => Assert.True(t.PreUpgradeItemsIdentical, t.ToString()));
            Assert.Equal("rolled_back", bed.ControlItem(env, "upgrade", "current")!["status"].S);
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
            Assert.Null(bed.ControlItem(env, "freeze", "intake"));
            Assert.Equal(upgrade.RunId, result.RunId);
        }

        [Fact]
        public async Task A_two_hop_1_0_to_3_0_run_is_undone_in_one_command_and_the_next_one_a_hop_at_a_time()
        {
            var env = await bed.InstallAsync("rbboth", "1.0.0");
            var before = bed.Observe(env);
            var first = await bed.UpgradeAsync(env, "3.0.0");
            var created = (await bed.CreateRestoresAsync(env, "3.0.0", 2)).ToList();

            // The whole run in one command: 3.0 -> 2.0 -> 1.0.
            var whole = await bed.UndoAsync(env);
            var rolled = bed.Observe(env);

            Assert.Equal(("3.0.0", "1.0.0", RollbackResult.CompletedStatus), (whole.FromVersion, whole.ToVersion, whole.Status));
            Assert.Equal(new[] { "3.0.0 -> 2.0.0", "2.0.0 -> 1.0.0" }, whole.Steps.Where(s => s.Hop != null).Select(s => s.Hop).Distinct());
            Assert.Equal(before.Shape, rolled.Shape);
            RollbackTestBed.AssertItems(before, rolled, env, created, format: 1);
            Assert.Equal("rolled_back", bed.ControlItem(env, "upgrade", "current")!["status"].S);

            // A later upgrade is a new run from 1.0.0; its rollback one hop at a time: to 2.0.0, then the rest.
            var second = await bed.UpgradeAsync(env, "3.0.0");
            Assert.Equal((UpgradeResult.CompletedStatus, "1.0.0"), (second.Status, second.FromVersion));
            Assert.NotEqual(first.RunId, second.RunId);
            created.AddRange(await bed.CreateRestoresAsync(env, "3.0.0", 1, first: 0xf10000));
            Assert.Equal(RollbackErrorIds.BackupRestoreNeedsFullRollback, (await bed.RefusedAsync(env, "2.0.0", RollbackMethod.FromBackup)).ErrorId);
            Assert.Equal(RollbackErrorIds.RollbackTargetNotOnPath, (await bed.RefusedAsync(env, "7.0.0")).ErrorId);
            Assert.Equal(RollbackErrorIds.NothingToUndo, (await bed.RefusedAsync(env, "3.0")).ErrorId);

            var oneHop = await bed.UndoAsync(env, "2.0");
            var middle = bed.Observe(env);

            Assert.Equal(("3.0.0", "2.0.0", RollbackResult.CompletedStatus), (oneHop.FromVersion, oneHop.ToVersion, oneHop.Status));
            Assert.All(oneHop.Steps.Where(s => s.Hop != null), s => Assert.Equal("3.0.0 -> 2.0.0", s.Hop));
            foreach (var (name, body) in new[] { (env.IamStackName, Catalog.Get("2.0.0").IamTemplateBody), (env.MainStackName, Catalog.Get("2.0.0").MainTemplateBody) })
            {
                Assert.Equal("2.0.0", (string?)middle.Stack(name)["tags"]!["aurora-restore:version"]);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse((string)middle.Stack(name)["template"]!)), name + " does not run the 2.0.0 template");
            }

            var published = second.Steps.Single(s => s.Name == UpgradeStepNames.PublishVersions && s.Hop == "1.0.0 -> 2.0.0");
            Assert.All(RollbackTestBed.Functions.Select(env.FunctionName), f => Assert.Equal("2.0.0", (string?)middle.Function(f)["live_pipeline_version"]));
            Assert.All(RollbackTestBed.Functions.Select(env.FunctionName), f => Assert.Contains(f + ":" + (string?)middle.Function(f)["live"], published.Detail));
            Assert.Equal(1, (int)JsonNode.Parse(middle.Snapshot.Configuration!)!["format_version"]!);
            Assert.All(middle.Items[env.StateTableName].Concat(middle.Items[env.AuditTableName]), i => Assert.Equal(2, RollbackTestBed.FormatOf(i)));
            Assert.True(oneHop.Verified);
            var pointer = bed.Upgrades.ControlRecord(env, "upgrade", "current")!;
            Assert.Equal(("completed", "2.0.0", "3.0.0"), ((string?)pointer["status"]!["S"], (string?)pointer["to"]!["S"], (string?)pointer["rolled_back_from"]!["S"]));
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));

            var rest = await bed.UndoAsync(env);
            var after = bed.Observe(env);
            Assert.Equal(("2.0.0", "1.0.0", second.RunId), (rest.FromVersion, rest.ToVersion, rest.RunId));
            Assert.All(rest.Steps.Where(s => s.Hop != null), s => Assert.Equal("2.0.0 -> 1.0.0", s.Hop));
            Assert.Equal(before.Shape, after.Shape);
            RollbackTestBed.AssertItems(before, after, env, created, format: 1);
            Assert.Equal(RollbackErrorIds.NothingToUndo, (await bed.RefusedAsync(env)).ErrorId);
        }
    }
}
