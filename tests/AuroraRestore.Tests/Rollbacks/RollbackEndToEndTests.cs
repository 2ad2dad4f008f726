using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Rollbacks;
using AuroraRestore.Tests.Support;
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

            var result = await bed.UndoAsync(env, emitted: emitted);
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
            Assert.All(result.Verification, c => Assert.True(c.Passed, c.ToString()));
            Assert.True(result.FreezeWindow > TimeSpan.Zero && result.FreezeWindow < result.Duration);

            // The records: run rolled back, lock released, intake open, the rollback journal complete.
            var run = bed.Upgrades.ControlRecord(env, "upgrade", "current")!;
            Assert.Equal("rolled_back", (string?)run["status"]!["S"]);
            Assert.Equal("1.0.0", (string?)run["rollback_to"]!["S"]);
            Assert.Equal("completed", (string?)run["status_before_rollback"]!["S"]);
            Assert.Null(bed.Upgrades.ControlRecord(env, "lock", "upgrade"));
            Assert.Null(bed.Upgrades.ControlRecord(env, "freeze", "intake"));
            var journal = bed.Upgrades.ControlRecords(env, "rollback#" + upgrade.RunId + "#1.0.0");
            Assert.Equal(result.Steps.Select(s => s.Key), journal.Select(r => (string?)r!["sk"]!["S"]));
            Assert.All(journal, r => Assert.Equal("completed", (string?)r!["status"]!["S"]));
            Assert.Equal("004#main-stack", (string?)journal.First(r => ((string)r!["sk"]!["S"]!).EndsWith("undo-main-stack", StringComparison.Ordinal))!["undoes"]!["S"]);

            // A second undo has nothing to do; a new upgrade starts a new run from 1.0.0.
            var again = await bed.RefusedAsync(env);
            Assert.Equal(RollbackErrorIds.NothingToUndo, again.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, again.Category);
        }
    }
}
