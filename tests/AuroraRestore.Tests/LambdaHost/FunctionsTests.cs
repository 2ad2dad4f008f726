using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AuroraRestore.LambdaHost;
using AuroraRestore.Restores;
using AuroraRestore.Tests.Restores;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.LambdaHost
{
    /// <summary>The Lambda handlers driven in-process in the state machine's order (moto cannot invoke Lambda).</summary>
    public sealed class FunctionsTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public FunctionsTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public void The_handlers_run_a_restore_in_the_state_machines_order_and_record_v2()
        {
            var world = new RestoreWorld(moto, null, "lambda-v2", "2.0.0", setupDbUsers: false);
            var settings = new HostSettings
            {
                Environment = world.Environment.Name,
                PipelineVersion = "2.0.0",
                StateTable = world.Environment.StateTableName,
                AuditTable = world.Environment.AuditTableName,
                ControlTable = world.Environment.ControlTableName,
                ConfigParameter = world.Environment.ConfigurationParameterName,
                TopicArn = world.TopicArn,
            };
            var functions = new Functions(() => new StepHandler(world.Services(), settings, new SsmRestoreSettingsSource(TestContexts.For(moto).CreateSsm())));
            JsonObject Call(Func<Stream, Stream> handler, JsonObject state)
            {
                using var output = handler(new MemoryStream(Encoding.UTF8.GetBytes(state.ToJsonString())));
                return JsonNode.Parse(new StreamReader(output).ReadToEnd())!.AsObject();
            }

            // An execution started by hand with only the operation id: the configuration supplies the rest.
            var state = new JsonObject { ["operation_id"] = "op-lambda00001", ["replace_target"] = false };
            state = Call(functions.SnapshotCheck, state);
            state = Call(functions.CopySnapshot, state);
            do
            {
                state = Call(functions.CheckCopyStatus, state);
            }
            while (!(bool)state["copy_done"]!);
            state = Call(functions.RestoreSnapshot, state);
            do
            {
                state = Call(functions.CheckRestoreStatus, state);
            }
            while (!(bool)state["restore_done"]!);
            state = Call(functions.SetupDbUsers, state);
            state = Call(functions.VerifyRestore, state);
            state = Call(functions.ArchiveSnapshot, state);
            state = Call(functions.SnsNotification, state);

            Assert.Equal("completed", (string)state["status"]!);
            var cluster = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", world.Target)!["DBClusters"]![0]!;
            Assert.Contains(cluster["TagList"]!.AsArray(), t => (string)t!["Value"]! == "op-lambda00001");
            var item = world.StateItem("op-lambda00001");
            Assert.Equal("2", (string)item["format_version"]!["N"]!);
            Assert.Equal("completed", (string)item["status"]!["S"]!);
            Assert.Contains(world.AuditItems("op-lambda00001"), a => (string)a!["actor"]!["S"]! == "aurora-restore-restore-snapshot");
            Assert.Single(world.Notifications());
        }

        [Fact]
        public void A_caught_error_makes_SnsNotification_record_the_failure_and_notify_it()
        {
            var world = new RestoreWorld(moto, null, "lambda-fail", "2.0.0", setupDbUsers: false);
            var settings = new HostSettings { Environment = world.Environment.Name, PipelineVersion = "2.0.0", StateTable = world.Environment.StateTableName, AuditTable = world.Environment.AuditTableName, TopicArn = world.TopicArn, ConfigParameter = world.Environment.ConfigurationParameterName };
            var functions = new Functions(() => new StepHandler(world.Services(), settings, new SsmRestoreSettingsSource(TestContexts.For(moto).CreateSsm())));
            var input = new JsonObject { ["operation_id"] = "op-lambda00002", ["error"] = new JsonObject { ["Error"] = "States.TaskFailed", ["Cause"] = "copy failed" } };
            using var output = functions.SnsNotification(new MemoryStream(Encoding.UTF8.GetBytes(input.ToJsonString())));
            var state = JsonNode.Parse(new StreamReader(output).ReadToEnd())!.AsObject();

            Assert.Equal("failed", (string)state["status"]!);
            var item = world.StateItem("op-lambda00002");
            Assert.Equal("States.TaskFailed", (string)item["error"]!["M"]!["type"]!["S"]!);
            var body = JsonNode.Parse((string)Assert.Single(world.Notifications())["Message"]!)!;
            Assert.Equal("failure", (string)body["status"]!);
        }
    }
}
