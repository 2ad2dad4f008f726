using System;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Restores;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Restores
{
    /// <summary>Bad inputs are refused before anything changes, each with its own error id; and the pipeline start.</summary>
    public sealed class StartValidationTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;
        // xunit makes a new instance per test: the environment is made once per moto server (one per class).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MotoServer, Lazy<RestoreWorld>> Worlds = new();
        private readonly Lazy<RestoreWorld> world;

        public StartValidationTests(MotoServer moto)
        {
            this.moto = moto;
            world = Worlds.GetValue(moto, m => new Lazy<RestoreWorld>(() => new RestoreWorld(m, null, "checks", "2.0.0")));
        }

        public static TheoryData<string, Action<RestoreRequest>> BadInputs => new TheoryData<string, Action<RestoreRequest>>
        {
            { "SourceClusterNotFound", r => r.SourceClusterIdentifier = "no-such-source" },
            { "SnapshotOfAnotherCluster", r => r.SnapshotIdentifier = "other-cluster-snap" },
            { "SnapshotNotFound", r => r.SnapshotIdentifier = "no-such-snapshot" },
            { "SnapshotNotFound", r => r.Date = new DateTime(2001, 1, 1) },
            { "TargetClusterExists", r => r.TargetClusterIdentifier = "checks-existing" },
            { "RestoreTimeOutsideWindow", r => r.RestoreTime = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            { "InvalidClusterIdentifier", r => r.TargetClusterIdentifier = "1-bad--name" },
            { "InvalidSnapshotIdentifier", r => r.SnapshotIdentifier = "bad snapshot!" },
            { "InvalidInstanceClass", r => r.DbInstanceClass = "r6g.huge" },
            { "InvalidInstanceCount", r => r.InstanceCount = 16 },
            { "TargetIsSource", r => r.TargetClusterIdentifier = "checks-src" },
            { "PointInTimeAcrossRegions", r => { r.UseLatestRestorableTime = true; r.TargetRegion = "us-west-2"; } },
            { "ConflictingRestoreSource", r => { r.UseLatestRestorableTime = true; r.Date = DateTime.UtcNow.Date; } },
            { "InvalidOperationId", r => r.OperationId = "has spaces" },
        };

        [Theory]
        [MemberData(nameof(BadInputs))]
        public async Task A_bad_input_is_refused_with_its_own_error_id_before_any_change(string errorId, Action<RestoreRequest> spoil)
        {
            var w = world.Value;
            EnsureFixtures(w);
            using var services = w.Services();
            var request = w.LocalRequest();
            spoil(request);
            var engine = w.Engine(services);

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => engine.ValidateAsync(request, w.SourceRegion, CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            var items = AwsCli.Json(moto, "dynamodb", "scan", "--table-name", w.Environment.StateTableName)!["Items"]!.AsArray();
            Assert.DoesNotContain(items, i => (string?)i!["status"]?["S"] != "in_progress" && (string?)i!["state"]?["M"]?["target_cluster_id"]?["S"] == request.TargetClusterIdentifier);
        }

        [Fact]
        public async Task An_unknown_secret_is_refused_with_SecretNotFound()
        {
            var w = world.Value;
            AwsCli.Run(moto, "secretsmanager", "delete-secret", "--secret-id", w.AppSecret!, "--force-delete-without-recovery");
            try
            {
                using var services = w.Services();
                var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => w.Engine(services).ValidateAsync(w.LocalRequest(), w.SourceRegion, CancellationToken.None));
                Assert.Equal("SecretNotFound", error.ErrorId);
                Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
            }
            finally
            {
                AwsCli.Run(moto, "secretsmanager", "create-secret", "--name", w.AppSecret!, "--secret-string", "{\"username\":\"app\",\"password\":\"x\"}");
            }
        }

        [Fact]
        public async Task An_intake_freeze_refuses_a_start_and_says_when_to_retry()
        {
            var w = world.Value;
            AwsCli.Run(moto, "dynamodb", "create-table", "--table-name", w.Environment.ControlTableName, "--billing-mode", "PAY_PER_REQUEST",
                "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=S");
            var until = DateTimeOffset.UtcNow.AddHours(1);
            AwsCli.Run(moto, "dynamodb", "put-item", "--table-name", w.Environment.ControlTableName, "--item",
                $"{{\"pk\":{{\"S\":\"freeze\"}},\"sk\":{{\"S\":\"intake\"}},\"until\":{{\"S\":\"{AuroraRestore.State.IsoTime.Format(until)}\"}},\"reason\":{{\"S\":\"upgrade 2.0.0 to 3.0.0\"}}}}");
            try
            {
                using var services = w.Services();
                var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => w.Engine(services).ValidateAsync(w.LocalRequest(), w.SourceRegion, CancellationToken.None));
                Assert.Equal("IntakeFrozen", error.ErrorId);
                Assert.Equal(FailureCategory.ResourceBusy, error.Category);
                Assert.Contains(AuroraRestore.State.IsoTime.FormatSeconds(until), error.Message);
            }
            finally
            {
                AwsCli.Run(moto, "dynamodb", "delete-table", "--table-name", w.Environment.ControlTableName);
            }
        }

        [Fact]
        public async Task Without_Local_the_state_machine_execution_is_started_with_the_operations_state()
        {
            var w = world.Value;
            var role = (string)AwsCli.Json(moto, "iam", "create-role", "--role-name", "checks-sfn", "--assume-role-policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[]}")!["Role"]!["Arn"]!;
            w.StateMachineArn = (string)AwsCli.Json(moto, "stepfunctions", "create-state-machine", "--name", w.Environment.StateMachineName, "--role-arn", role,
                "--definition", "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")!["stateMachineArn"]!;
            using var services = w.Services();
            var engine = w.Engine(services);
            var request = w.LocalRequest();
            request.Local = false;
            request.TargetClusterIdentifier = "checks-pipeline-dst";
            var settings = await engine.ValidateAsync(request, w.SourceRegion, CancellationToken.None);
            var record = await engine.StartAsync(request, settings, CancellationToken.None);

            var executionArn = record.DataString("execution_arn")!;
            var execution = AwsCli.Json(moto, "stepfunctions", "describe-execution", "--execution-arn", executionArn)!;
            Assert.Equal(record.OperationId, (string)execution["name"]!);
            var input = System.Text.Json.Nodes.JsonNode.Parse((string)execution["input"]!)!;
            Assert.Equal(record.OperationId, (string)input["operation_id"]!);
            Assert.Equal("checks-pipeline-dst", (string)input["target_cluster_id"]!);
            Assert.False((bool)input["replace_target"]!);
            var item = w.StateItem(record.OperationId);
            Assert.Equal("in_progress", (string)item["status"]!["S"]!);
            Assert.False((bool)item["completed"]!["BOOL"]!);
            Assert.Equal("pipeline", (string)item["state"]!["M"]!["host"]!["S"]!);

            var stopped = await engine.StopAsync(record.OperationId, "test over", false, CancellationToken.None);
            Assert.Equal("stopped", stopped.Status);
            Assert.Equal("ABORTED", (string)AwsCli.Json(moto, "stepfunctions", "describe-execution", "--execution-arn", executionArn)!["status"]!);
        }

        private void EnsureFixtures(RestoreWorld w)
        {
            lock (world)
            {
                if (fixturesMade == moto)
                {
                    return;
                }

                AwsCli.Run(moto, "rds", "create-db-cluster", "--db-cluster-identifier", "other-cluster", "--engine", "aurora-postgresql", "--master-username", "a", "--master-user-password", "abcdefgh1");
                AwsCli.Run(moto, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "other-cluster", "--db-cluster-snapshot-identifier", "other-cluster-snap");
                AwsCli.Run(moto, "rds", "create-db-cluster", "--db-cluster-identifier", "checks-existing", "--engine", "aurora-postgresql", "--master-username", "a", "--master-user-password", "abcdefgh1");
                fixturesMade = moto;
            }
        }

        private static MotoServer? fixturesMade;
    }
}
