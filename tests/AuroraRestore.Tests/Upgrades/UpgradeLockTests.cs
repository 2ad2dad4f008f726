using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>The upgrade lock in a real control table on moto, every state observed through the AWS CLI.</summary>
    public sealed class UpgradeLockTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public UpgradeLockTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task A_free_lock_is_taken_with_its_owner_lease_and_run_and_a_second_one_is_refused()
        {
            var (control, table) = await NewTableAsync();
            // The lease is measured around the acquisition, not from "now": a loaded machine may take seconds to read it back.
            var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            await using var held = await AcquireAsync(control, "run-1", LockOwner.Current());
            var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            var stored = Get(table)!;
            Assert.Equal("run-1", (string?)stored["run_id"]!["S"]);
            Assert.Equal(LockOwner.Current(), (string?)stored["owner"]!["S"]);
            Assert.Equal("upgrade", (string?)stored["operation"]!["S"]);
            var expires = long.Parse((string)stored["expires_at"]!["N"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(expires, before + 600 - 1, after + 600 + 1);

            // This very process holds it, and it is alive: refused, and the lock is untouched.
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => AcquireAsync(control, "run-2", "someone@elsewhere 1"));
            Assert.Equal(UpgradeErrorIds.UpgradeInProgress, error.ErrorId);
            Assert.Equal(FailureCategory.ResourceBusy, error.Category);
            Assert.Contains("run-1", error.Message);
            Assert.Equal("run-1", (string?)Get(table)!["run_id"]!["S"]);
        }

        [Fact]
        public async Task A_lock_of_another_host_is_refused_until_its_lease_expires_then_taken_over()
        {
            var (control, table) = await NewTableAsync();
            Put(table, "run-a", "ops@build-agent-7 4242", DateTimeOffset.UtcNow.AddMinutes(5), failure: null);

            var refused = await Assert.ThrowsAsync<AuroraRestoreException>(() => AcquireAsync(control, "run-b", LockOwner.Current()));
            Assert.Equal(UpgradeErrorIds.UpgradeInProgress, refused.ErrorId);
            Assert.Equal("ops@build-agent-7 4242", refused.Target);

            Put(table, "run-a", "ops@build-agent-7 4242", DateTimeOffset.UtcNow.AddMinutes(-1), failure: null);
            await using var taken = await AcquireAsync(control, "run-b", LockOwner.Current());
            Assert.Equal("run-b", (string?)Get(table)!["run_id"]!["S"]);
        }

        [Theory]
        [InlineData("failure")]
        [InlineData("dead process")]
        public async Task A_lock_whose_runner_has_ended_is_taken_over_at_once(string how)
        {
            var (control, table) = await NewTableAsync();
            var owner = how == "failure" ? "ops@build-agent-7 4242" : UpgradeTestBed.DeadOwner();
            Put(table, "run-a", owner, DateTimeOffset.UtcNow.AddMinutes(10), failure: how == "failure" ? "step 004#main-stack failed" : null);

            await using var taken = await AcquireAsync(control, "run-b", LockOwner.Current());
            Assert.Equal("run-b", (string?)Get(table)!["run_id"]!["S"]);
        }

        [Fact]
        public async Task The_heartbeat_renews_the_lease_a_failure_is_recorded_and_release_deletes_the_lock()
        {
            var (control, table) = await NewTableAsync();
            await using var held = await AcquireAsync(control, "run-h", LockOwner.Current());
            var first = (string)Get(table)!["heartbeat"]!["S"]!;
            held.StartHeartbeat(TimeSpan.FromMilliseconds(100));
            await WaitUntilAsync(() => (string?)Get(table)!["heartbeat"]!["S"] != first);
            await held.StopHeartbeatAsync();

            await held.RecordFailureAsync("step 007 failed: boom", CancellationToken.None);
            Assert.Equal("step 007 failed: boom", (string?)Get(table)!["failure"]!["S"]);

            await held.ReleaseAsync(CancellationToken.None);
            Assert.Null(Get(table));
            Assert.False(held.Lost);
        }

        [Fact]
        public async Task A_runner_whose_lock_was_taken_over_knows_it_and_never_deletes_the_new_holders_lock()
        {
            var (control, table) = await NewTableAsync();
            await using var held = await AcquireAsync(control, "run-old", LockOwner.Current());
            Put(table, "run-new", "ops@elsewhere 1", DateTimeOffset.UtcNow.AddMinutes(10), failure: null);

            await held.RenewAsync(CancellationToken.None);
            Assert.True(held.Lost);
            await held.ReleaseAsync(CancellationToken.None);
            Assert.Equal("run-new", (string?)Get(table)!["run_id"]!["S"]);
        }

        private static Task<UpgradeLock> AcquireAsync(ControlTable control, string runId, string owner)
            => UpgradeLock.AcquireAsync(control, "locktest", runId, owner, "upgrade", TimeSpan.FromMinutes(10), NullOperationLog.Instance, TimeProvider.System, CancellationToken.None);

        private async Task<(ControlTable Control, string Table)> NewTableAsync()
        {
            var table = "AuroraRestoreControl-lock" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var dynamoDb = TestContexts.For(moto).CreateDynamoDb();
            await ControlTable.EnsureExistsAsync(dynamoDb, table, CancellationToken.None);
            return (new ControlTable(dynamoDb, table), table);
        }

        private JsonNode? Get(string table)
            => AwsCli.Json(moto, "dynamodb", "get-item", "--table-name", table, "--key", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"S\":\"upgrade\"}}", "--consistent-read")?["Item"];

        private void Put(string table, string runId, string owner, DateTimeOffset expires, string? failure)
        {
            var item = new JsonObject
            {
                ["pk"] = new JsonObject { ["S"] = "lock" },
                ["sk"] = new JsonObject { ["S"] = "upgrade" },
                ["revision"] = new JsonObject { ["N"] = "7" },
                ["run_id"] = new JsonObject { ["S"] = runId },
                ["owner"] = new JsonObject { ["S"] = owner },
                ["operation"] = new JsonObject { ["S"] = "upgrade" },
                ["acquired_at"] = new JsonObject { ["S"] = "2026-11-25T10:00:00.000Z" },
                ["expires_at"] = new JsonObject { ["N"] = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            if (failure != null)
            {
                item["failure"] = new JsonObject { ["S"] = failure };
            }

            AwsCli.Run(moto, "dynamodb", "put-item", "--table-name", table, "--item", item.ToJsonString());
        }

        private static async Task WaitUntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in 20 s");
                await Task.Delay(100);
            }
        }
    }
}
