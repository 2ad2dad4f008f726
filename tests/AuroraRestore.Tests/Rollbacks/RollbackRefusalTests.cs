using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Rollbacks;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using Xunit;

namespace AuroraRestore.Tests.Rollbacks
{
    /// <summary>
    /// Every refusal before the first change, each with its error id and category, the environment unchanged afterwards
    /// (boto3 and a raw SDK read, the control table through the AWS CLI); and FromBackup: exactly the backup's items,
    /// after a warning naming the operations it removes.
    /// </summary>
    public sealed class RollbackRefusalTests : IClassFixture<MotoServer>, IDisposable
    {
        private readonly RollbackTestBed bed;

        public RollbackRefusalTests(MotoServer moto) => bed = new RollbackTestBed(moto);

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task Each_refusal_names_its_cause_and_changes_nothing()
        {
            var nothing = await bed.RefusedAsync(PipelineEnvironment.Named("rbnever"));
            Assert.Equal((RollbackErrorIds.NothingToUndo, FailureCategory.ObjectNotFound, "rbnever"), (nothing.ErrorId, nothing.Category, (string?)nothing.Target));

            var env = await bed.InstallAsync("rbrefuse", "1.0.0", items: 4);
            var upgrade = await bed.UpgradeAsync(env, "2.0.0");
            var before = bed.Observe(env);
            var pointer = bed.Upgrades.ControlRecord(env, "upgrade", "current")!.ToJsonString();

            // Another runner holds the lock and is alive (another host, lease running).
            bed.Upgrades.Cli("dynamodb", "put-item", "--table-name", env.ControlTableName, "--item", LockItem("other-run", "ops@build-agent-7 4242", DateTimeOffset.UtcNow.AddMinutes(10)));
            var busy = await bed.RefusedAsync(env);
            Assert.Equal((UpgradeErrorIds.UpgradeInProgress, FailureCategory.ResourceBusy, "ops@build-agent-7 4242"), (busy.ErrorId, busy.Category, (string?)busy.Target));
            Assert.Equal("other-run", bed.ControlItem(env, "lock", "upgrade")!["run_id"].S);
            bed.Upgrades.Cli("dynamodb", "delete-item", "--table-name", env.ControlTableName, "--key", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"S\":\"upgrade\"}}");

            // A version the run never went through.
            var offPath = await bed.RefusedAsync(env, "3.0.0");
            Assert.Equal((RollbackErrorIds.RollbackTargetNotOnPath, FailureCategory.InvalidArgument), (offPath.ErrorId, offPath.Category));
            Assert.Contains("1.0.0 -> 2.0.0", offPath.Message);

            // FromBackup without a backup set, then with one that fails verification.
            var set = Path.Combine(bed.Upgrades.BackupFolder, env.Name, upgrade.BackupName!);
            Directory.Move(set, set + ".moved");
            var missing = await bed.RefusedAsync(env, method: RollbackMethod.FromBackup);
            Assert.Equal((UpgradeErrorIds.BackupNotFound, FailureCategory.ObjectNotFound), (missing.ErrorId, missing.Category));
            Directory.Move(set + ".moved", set);
            var template = Path.Combine(set, "main-stack.template");
            var original = File.ReadAllBytes(template);
            File.WriteAllText(template, "{\"tampered\": true}");
            var unverified = await bed.RefusedAsync(env, method: RollbackMethod.FromBackup);
            Assert.Equal((UpgradeErrorIds.BackupNotVerified, FailureCategory.InvalidData, upgrade.BackupName), (unverified.ErrorId, unverified.Category, (string?)unverified.Target));
            Assert.Contains("main-stack.template", unverified.Message);
            File.WriteAllBytes(template, original);

            // Someone moved a live alias and added an index since the upgrade: both differences are named.
            var function = env.FunctionName("archive-snapshot");
            bed.Upgrades.Cli("lambda", "update-alias", "--function-name", function, "--name", "live", "--function-version", "1");
            bed.Upgrades.Cli("dynamodb", "update-table", "--table-name", env.AuditTableName, "--attribute-definitions", "AttributeName=operation_id,AttributeType=S", "AttributeName=timestamp,AttributeType=S", "AttributeName=step,AttributeType=S",
                "--global-secondary-index-updates", "[{\"Create\":{\"IndexName\":\"ByStep\",\"KeySchema\":[{\"AttributeName\":\"step\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}}]");
            var changed = await bed.RefusedAsync(env);
            Assert.Equal((RollbackErrorIds.EnvironmentChangedSinceUpgrade, FailureCategory.InvalidOperation), (changed.ErrorId, changed.Category));
            Assert.Contains($"{function}: live is on version 1, the upgrade left it on version 2", changed.Message);
            Assert.Contains($"{env.AuditTableName} has the indexes [ByStep]", changed.Message);
            bed.Upgrades.Cli("lambda", "update-alias", "--function-name", function, "--name", "live", "--function-version", "2");
            bed.Upgrades.Cli("dynamodb", "update-table", "--table-name", env.AuditTableName, "--global-secondary-index-updates", "[{\"Delete\":{\"IndexName\":\"ByStep\"}}]");

            // Nothing of it changed anything.
            var after = bed.Observe(env);
            Assert.Equal(before.Shape, after.Shape);
            RollbackTestBed.AssertItems(before, after, env, Array.Empty<string>(), format: 2);
            Assert.Equal(pointer, bed.Upgrades.ControlRecord(env, "upgrade", "current")!.ToJsonString());
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
            Assert.Empty(bed.Upgrades.ControlRecords(env, "rollback#" + upgrade.RunId + "#1.0.0"));
        }

        [Fact]
        public async Task FromBackup_warns_with_the_operations_it_removes_stops_at_Ctrl_C_and_resumed_gives_exactly_the_backups_items()
        {
            var env = await bed.InstallAsync("rbfrom", "1.0.0");
            var before = bed.Observe(env);
            var upgrade = await bed.UpgradeAsync(env, "2.0.0");
            var created = await bed.CreateRestoresAsync(env, "2.0.0", 2);

            // Ctrl+C once the aliases are back: the rollback stops at the next step boundary, its journal consistent.
            using var cancel = new CancellationTokenSource();
            var stopped = await Assert.ThrowsAsync<AuroraRestoreException>(() => bed.UndoAsync(env, method: RollbackMethod.FromBackup, onStep: s =>
            {
                if (s.Name == "undo-live-aliases")
                {
                    cancel.Cancel();
                }
            }, cancellationToken: cancel.Token));
            Assert.Equal((RollbackErrorIds.RollbackStopped, FailureCategory.OperationStopped), (stopped.ErrorId, stopped.Category));
            Assert.EndsWith("#undo-publish-versions", (string?)stopped.Target);
            Assert.Equal("rolling_back", bed.ControlItem(env, "upgrade", "current")!["status"].S);
            Assert.Contains("stopped by the user", bed.ControlItem(env, "lock", "upgrade")!["failure"].S);
            Assert.NotNull(bed.ControlItem(env, "freeze", "intake"));

            var result = await bed.UndoAsync(env);
            var after = bed.Observe(env);

            var warnings = bed.Log.Warnings.Where(w => w.Contains("loses 2 operation(s) created since", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.All(created, id => Assert.Contains(id, warnings[0]));
            Assert.Equal((RollbackResult.CompletedStatus, RollbackMethod.FromBackup, true), (result.Status, result.Method, result.Resumed));
            Assert.Contains(result.Steps, s => s.Name == "restore-tables");
            Assert.All(result.Steps.Where(s => s.Name == "undo-state-migration"), s => Assert.Equal(RollbackStepKind.NothingToUndo, s.Kind));
            Assert.StartsWith(upgrade.BackupName + "-before-restore-", result.SafetyBackupName);

            // Exactly the backup's items: those of before the upgrade, nothing else; the backup's checksum per table.
            RollbackTestBed.AssertItems(before, after, env, Array.Empty<string>(), format: 1);
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(bed.Upgrades.BackupFolder, env.Name, upgrade.BackupName!, "manifest.json")))!;
            foreach (var table in manifest["tables"]!.AsArray())
            {
                var name = (string)table!["table_name"]!;
                Assert.Equal((string?)table["checksum"], AuroraRestore.State.TableChecksum.Of(after.Items[name]).ToString());
                Assert.Equal((string?)table["checksum"], result.Tables.Single(t => t.TableName == name).ChecksumAfter);
            }

            Assert.Equal(before.Shape, after.Shape);
            Assert.Equal("rolled_back", bed.ControlItem(env, "upgrade", "current")!["status"].S);
        }

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
