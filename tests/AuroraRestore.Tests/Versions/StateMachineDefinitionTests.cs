using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>The state machine each version deploys (docs/state-machine.md), rendered for one environment and walked.</summary>
    public sealed class StateMachineDefinitionTests
    {
        private const string FunctionArnPrefix = "arn:aws:lambda:eu-west-1:111122223333:function:aurora-restore-staging-";

        private static readonly string[] LambdaErrors = { "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException" };

        public static TheoryData<string> Versions() => IamTemplateContractTests.Versions();

        [Theory]
        [MemberData(nameof(Versions))]
        public void Every_task_invokes_the_live_alias_and_replaces_the_state(string version)
        {
            var states = Render(version)["States"]!.AsObject();
            var tasks = states.Where(s => (string?)s.Value!["Type"] == "Task").ToList();

            Assert.Equal(version == "1.0.0" ? 11 : 12, tasks.Count);
            foreach (var task in tasks)
            {
                var function = task.Key == "NotifyFailure" ? "sns-notification" : Kebab(task.Key);
                Assert.Equal(FunctionArnPrefix + function + ":live", (string?)task.Value!["Resource"]);
                Assert.Equal("$", (string?)task.Value!["ResultPath"]);
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void A_replacing_restore_runs_every_step_in_order_and_waits_while_not_done(string version)
        {
            var path = Walk(Render(version), replaceTarget: true);

            Assert.Equal(
                new[]
                {
                    "SnapshotCheck", "CopySnapshot", "CheckCopyStatus", "CopyDone", "WaitForCopy", "CheckCopyStatus", "CopyDone", "ReplaceTarget",
                    "DeleteRds", "CheckDeleteStatus", "DeleteDone", "WaitForDelete", "CheckDeleteStatus", "DeleteDone",
                    "RestoreSnapshot", "CheckRestoreStatus", "RestoreDone", "WaitForRestore", "CheckRestoreStatus", "RestoreDone",
                    "SetupDbUsers", "VerifyRestore", "ArchiveSnapshot", "SnsNotification", "RestoreSucceeded",
                },
                path);
        }

        [Theory]
        [InlineData("1.0.0", false)]
        [InlineData("2.0.0", null)]
        [InlineData("3.0.0", false)]
        public void Without_replace_target_the_delete_steps_are_skipped(string version, bool? replaceTarget)
        {
            var path = Walk(Render(version), replaceTarget);

            Assert.DoesNotContain("DeleteRds", path);
            Assert.Equal("RestoreSnapshot", path[path.IndexOf("ReplaceTarget") + 1]);
            Assert.Equal("RestoreSucceeded", path.Last());
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void Waits_last_thirty_seconds(string version)
        {
            var waits = Render(version)["States"]!.AsObject().Where(s => (string?)s.Value!["Type"] == "Wait").ToList();

            Assert.Equal(new[] { "WaitForCopy", "WaitForDelete", "WaitForRestore" }, waits.Select(w => w.Key));
            Assert.All(waits, w => Assert.Equal(30, (int?)w.Value!["Seconds"]));
        }

        [Fact]
        public void Version_1_has_no_error_handling()
        {
            var definition = Render("1.0.0");
            var states = definition["States"]!.AsObject();

            Assert.All(states, s => Assert.Null(s.Value!["Retry"]));
            Assert.All(states, s => Assert.Null(s.Value!["Catch"]));
            Assert.DoesNotContain("NotifyFailure", states.Select(s => s.Key));
            Assert.DoesNotContain("RestoreFailed", states.Select(s => s.Key));
            Assert.Null(definition["TimeoutSeconds"]);
        }

        [Theory]
        [InlineData("2.0.0")]
        [InlineData("3.0.0")]
        public void Versions_2_and_3_retry_every_task_and_catch_into_a_failure_notification(string version)
        {
            var definition = Render(version);
            var states = definition["States"]!.AsObject();

            foreach (var task in states.Where(s => (string?)s.Value!["Type"] == "Task"))
            {
                var retry = Assert.Single(task.Value!["Retry"]!.AsArray())!;
                Assert.Equal(LambdaErrors, retry["ErrorEquals"]!.AsArray().Select(e => (string)e!));
                Assert.Equal((2, 3, 2.0), ((int)retry["IntervalSeconds"]!, (int)retry["MaxAttempts"]!, (double)retry["BackoffRate"]!));

                var caught = Assert.Single(task.Value!["Catch"]!.AsArray())!;
                Assert.Equal(new[] { "States.ALL" }, caught["ErrorEquals"]!.AsArray().Select(e => (string)e!));
                if (task.Key == "NotifyFailure")
                {
                    // A failing failure notification must still end in RestoreFailed, not loop.
                    Assert.Equal("RestoreFailed", (string?)caught["Next"]);
                }
                else
                {
                    Assert.Equal("$.error", (string?)caught["ResultPath"]);
                    Assert.Equal("NotifyFailure", (string?)caught["Next"]);
                }
            }

            Assert.Equal("RestoreFailed", (string?)states["NotifyFailure"]!["Next"]);
            Assert.Equal("Fail", (string?)states["RestoreFailed"]!["Type"]);
            Assert.Equal(86400, (int?)definition["TimeoutSeconds"]);
        }

        [Fact]
        public void Version_3_keeps_version_2s_definition()
        {
            var env = PipelineEnvironment.Named("staging");
            var two = PipelineVersionCatalog.Default.Get("2.0.0").StateMachineDefinition(env, "aws", "eu-west-1", "111122223333");
            var three = PipelineVersionCatalog.Default.Get("3.0.0").StateMachineDefinition(env, "aws", "eu-west-1", "111122223333");
            var one = PipelineVersionCatalog.Default.Get("1.0.0").StateMachineDefinition(env, "aws", "eu-west-1", "111122223333");

            Assert.Equal(two, three);
            Assert.NotEqual(one, two);
        }

        [Theory]
        [InlineData("", "eu-west-1", "111122223333")]
        [InlineData("aws", "EU", "111122223333")]
        [InlineData("aws", "eu-west-1", "1111")]
        [InlineData("aws-cn", "cn-north-1", null)]
        public void Rendering_for_a_bad_partition_region_or_account_is_refused(string partition, string region, string? account)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.Default.Get("2.0.0").StateMachineDefinition(PipelineEnvironment.Named("staging"), partition, region, account!));

            Assert.Equal("InvalidAwsLocation", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Fact]
        public void Other_partitions_render_their_ARNs()
        {
            var definition = PipelineVersionCatalog.Default.Get("1.0.0").StateMachineDefinition(PipelineEnvironment.Named("production"), "aws-cn", "cn-north-1", "111122223333");

            Assert.Contains("\"arn:aws-cn:lambda:cn-north-1:111122223333:function:aurora-restore-snapshot-check:live\"", definition);
        }

        [Fact]
        public void A_definition_referring_to_an_unknown_variable_is_a_catalog_defect()
        {
            var files = CatalogFiles.With("1.0.0/main.template.json", j =>
            {
                var sub = j["Resources"]!["StateMachine"]!["Properties"]!["DefinitionString"]!.AsObject();
                sub["Fn::Sub"] = ((string)sub["Fn::Sub"]!).Replace("${SnapshotCheckFunction.Arn}", "${NoSuchFunction.Arn}");
            });
            var version = PipelineVersionCatalog.FromDocuments(files).Get("1.0.0");

            var error = Assert.Throws<AuroraRestoreException>(() => version.StateMachineDefinition(PipelineEnvironment.Named("staging"), "aws", "eu-west-1", "111122223333"));

            Assert.Equal("VersionCatalogInvalid", error.ErrorId);
            Assert.Contains("NoSuchFunction.Arn", error.Message);
        }

        private static JsonObject Render(string version)
            => JsonNode.Parse(PipelineVersionCatalog.Default.Get(version).StateMachineDefinition(PipelineEnvironment.Named("staging"), "aws", "eu-west-1", "111122223333"))!.AsObject();

        private static string Kebab(string pascal)
            => string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

        /// <summary>
        /// Runs the definition with stand-in functions: each Check*Status reports "not done" on its first call and
        /// "done" on the second; SnapshotCheck sets replace_target (or leaves it out when null). Returns the states visited.
        /// </summary>
        private static List<string> Walk(JsonObject definition, bool? replaceTarget)
        {
            var states = definition["States"]!.AsObject();
            var data = new Dictionary<string, bool>();
            var calls = new Dictionary<string, int>();
            var path = new List<string>();
            var current = (string)definition["StartAt"]!;
            while (true)
            {
                path.Add(current);
                Assert.True(path.Count < 100, "the state machine does not terminate");
                var state = states[current]!;
                switch ((string)state["Type"]!)
                {
                    case "Task":
                        calls[current] = calls.GetValueOrDefault(current) + 1;
                        if (current == "SnapshotCheck" && replaceTarget != null)
                        {
                            data["replace_target"] = replaceTarget.Value;
                        }

                        if (current.StartsWith("Check") && current.EndsWith("Status"))
                        {
                            var flag = current.Substring(5, current.Length - 11).ToLowerInvariant() + "_done";
                            data[flag] = calls[current] >= 2;
                        }

                        current = (string)state["Next"]!;
                        break;
                    case "Wait":
                        current = (string)state["Next"]!;
                        break;
                    case "Choice":
                        var chosen = state["Choices"]!.AsArray().FirstOrDefault(c => Matches(c!, data));
                        current = chosen != null ? (string)chosen["Next"]! : (string)state["Default"]!;
                        break;
                    case "Succeed":
                    case "Fail":
                        return path;
                    default:
                        Assert.Fail($"unexpected state type in {current}");
                        break;
                }
            }
        }

        private static bool Matches(JsonNode rule, Dictionary<string, bool> data)
        {
            if (rule["And"] is JsonArray all)
            {
                return all.All(r => Matches(r!, data));
            }

            var name = ((string)rule["Variable"]!).Substring(2);
            if (rule["IsPresent"] != null)
            {
                return data.ContainsKey(name) == (bool)rule["IsPresent"]!;
            }

            Assert.NotNull(rule["BooleanEquals"]);
            return data.TryGetValue(name, out var value) && value == (bool)rule["BooleanEquals"]!;
        }
    }
}
