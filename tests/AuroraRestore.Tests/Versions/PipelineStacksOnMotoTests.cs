using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>
    /// The shipped templates deployed on moto the way the installer will deploy them (IAM stack, then main stack),
    /// created, upgraded 1.0→2.0→3.0 and rolled back 3.0→2.0→1.0. Everything is done and observed through the AWS CLI:
    /// the installer does not exist yet, and the CLI is the second path anyway.
    /// </summary>
    public sealed class PipelineStacksOnMotoTests : IClassFixture<MotoServer>, IDisposable
    {
        private const string Webhook = "https://chat.example.invalid/hooks/T000/B000/not-a-real-secret";

        private readonly MotoServer moto;
        private readonly DirectoryInfo work;
        private readonly string bucket;
        private readonly string account;

        public PipelineStacksOnMotoTests(MotoServer moto)
        {
            this.moto = moto;
            work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aurora-restore-stacks-" + Guid.NewGuid().ToString("N")));
            bucket = "artifacts-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            AwsCli.Run(moto, "s3", "mb", "s3://" + bucket);
            account = (string)Cli("sts", "get-caller-identity")!["Account"]!;
        }

        public static TheoryData<string> Versions() => IamTemplateContractTests.Versions();

        public void Dispose() => work.Delete(recursive: true);

        [Theory]
        [MemberData(nameof(Versions))]
        public void Each_version_creates_both_stacks(string version)
        {
            var env = PipelineEnvironment.Named("new-v" + version.Replace(".", string.Empty));
            var v = PipelineVersionCatalog.Default.Get(version);

            Deploy(env, v, create: true, iamFirst: true);

            AssertStack(env.IamStackName, "CREATE_COMPLETE", version);
            var outputs = AssertStack(env.MainStackName, "CREATE_COMPLETE", version);
            Assert.Equal(env.StateTableName, outputs["StateTableName"]);
            Assert.Equal(env.AuditTableName, outputs["AuditTableName"]);
            Assert.Equal(StateMachineArn(env), outputs["StateMachineArn"]);
            Assert.Equal(TopicArn(env), outputs["TopicArn"]);

            AssertTableKeys(env.StateTableName, "[{\"AttributeName\":\"operation_id\",\"KeyType\":\"HASH\"}]");
            AssertTableKeys(env.AuditTableName, "[{\"AttributeName\":\"operation_id\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"timestamp\",\"KeyType\":\"RANGE\"}]");
            Assert.Equal(TopicArn(env), (string?)Cli("sns", "get-topic-attributes", "--topic-arn", TopicArn(env))!["Attributes"]!["TopicArn"]);
            AssertFunctions(env, v);
            AssertStateMachine(env, v);
            AssertLambdaPolicy(env, v);
        }

        [Fact]
        public void One_environment_upgrades_from_1_to_3_and_rolls_back_to_1()
        {
            var env = PipelineEnvironment.Named("upgrade");
            var catalog = PipelineVersionCatalog.Default;
            var codeHashes = Deploy(env, catalog.Get("1.0.0"), create: true, iamFirst: true);
            Cli(
                "dynamodb", "batch-write-item", "--request-items",
                "{\"" + env.StateTableName + "\":[{\"PutRequest\":{\"Item\":{\"operation_id\":{\"S\":\"op-0123456789ab\"},\"status\":{\"S\":\"completed\"},\"completed\":{\"BOOL\":true},\"timestamp\":{\"S\":\"2026-11-25T16:27:59.123Z\"},\"state\":{\"M\":{\"step\":{\"S\":\"sns-notification\"}}}}}}],"
                + "\"" + env.AuditTableName + "\":[{\"PutRequest\":{\"Item\":{\"operation_id\":{\"S\":\"op-0123456789ab\"},\"timestamp\":{\"S\":\"2026-11-25T16:27:59.123Z\"},\"step\":{\"S\":\"operation\"},\"status\":{\"S\":\"succeeded\"},\"details\":{\"M\":{}}}}}]}");
            var itemsBefore = Items(env);
            Assert.Equal(2, itemsBefore.Count);

            var hops = catalog.Matrix.PathBetween("1.0.0", "3.0.0").Select(h => (Hop: h, Rollback: false))
                .Concat(catalog.Matrix.RollbackPathBetween("3.0.0", "1.0.0").Select(h => (Hop: h, Rollback: true)))
                .ToList();
            Assert.Equal(new[] { "1.0.0 -> 2.0.0", "2.0.0 -> 3.0.0", "3.0.0 -> 2.0.0", "2.0.0 -> 1.0.0" }, hops.Select(h => h.Hop.ToString()));

            foreach (var (hop, rollback) in hops)
            {
                var target = catalog.Get(hop.To);

                // The guide: 2.0→3.0 updates IAM first (the new code needs the new permissions); going back, IAM goes last.
                var hashes = Deploy(env, target, create: false, iamFirst: hop.IamStackFirst != rollback);

                AssertStack(env.IamStackName, "UPDATE_COMPLETE", hop.To);
                AssertStack(env.MainStackName, "UPDATE_COMPLETE", hop.To);

                // moto answers every describe-stacks with HTTP 500 once an update touched a table: this call is the check.
                var stacks = Cli("cloudformation", "describe-stacks")!["Stacks"]!.AsArray().Select(s => (string)s!["StackName"]!).ToList();
                Assert.Contains(env.MainStackName, stacks);

                Assert.Equal(itemsBefore, Items(env));
                AssertTableKeys(env.StateTableName, "[{\"AttributeName\":\"operation_id\",\"KeyType\":\"HASH\"}]");
                AssertStateMachine(env, target);
                AssertFunctions(env, target);
                AssertLambdaPolicy(env, target);
                Assert.All(hashes, h => Assert.NotEqual(codeHashes[h.Key], h.Value));
                codeHashes = hashes;
            }
        }

        /// <summary>Uploads the version's package and creates or updates both stacks; returns each function's code hash.</summary>
        private Dictionary<string, string> Deploy(PipelineEnvironment env, PipelineVersionDefinition v, bool create, bool iamFirst)
        {
            var key = UploadPackage(v);
            var lambdaRole = $"arn:aws:iam::{account}:role/{env.ResourcePrefix}-lambda-role";
            var statesRole = $"arn:aws:iam::{account}:role/{env.ResourcePrefix}-states-role";
            var iam = PipelineStackParameters.ForIamStack(env, v, bucket);
            var main = Parameters(PipelineStackParameters.ForMainStack(env, v, bucket, key, lambdaRole, statesRole));
            main.Add(create
                ? new JsonObject { ["ParameterKey"] = PipelineStackParameters.ChatOpsWebhookUrl, ["ParameterValue"] = Webhook }
                : new JsonObject { ["ParameterKey"] = PipelineStackParameters.ChatOpsWebhookUrl, ["UsePreviousValue"] = true });

            void Iam() => Stack(create, env.IamStackName, v.Version, "iam", v.IamTemplateBody, Parameters(iam));
            void Main() => Stack(create, env.MainStackName, v.Version, "main", v.MainTemplateBody, main);
            if (iamFirst)
            {
                Iam();
                Main();
            }
            else
            {
                Main();
                Iam();
            }

            return FunctionsOf(env).ToDictionary(f => (string)f["FunctionName"]!, f => (string)f["CodeSha256"]!);
        }

        private void Stack(bool create, string name, string version, string kind, string body, JsonArray parameters)
        {
            var file = Path.Combine(work.FullName, $"{version}-{kind}.template.json");
            File.WriteAllText(file, body);
            Cli(
                "cloudformation", create ? "create-stack" : "update-stack", "--stack-name", name, "--template-body", "file://" + file,
                "--parameters", parameters.ToJsonString(), "--capabilities", "CAPABILITY_NAMED_IAM",
                "--tags", $"Key={PipelineVersionDefinition.VersionTagKey},Value={version}");
        }

        /// <summary>A small zip standing in for the version's Lambda package: its content differs per version, so every update deploys new code.</summary>
        private string UploadPackage(PipelineVersionDefinition v)
        {
            var zip = Path.Combine(work.FullName, v.LambdaPackageFileName);
            File.Delete(zip);
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            {
                using var entry = new StreamWriter(archive.CreateEntry("pipeline-version.txt").Open(), Encoding.UTF8);
                entry.Write(v.Version + " " + Guid.NewGuid());
            }

            AwsCli.Run(moto, "s3", "cp", zip, $"s3://{bucket}/{v.LambdaPackageFileName}");
            return v.LambdaPackageFileName;
        }

        private Dictionary<string, string> AssertStack(string name, string status, string version)
        {
            var stack = Cli("cloudformation", "describe-stacks", "--stack-name", name)!["Stacks"]![0]!;
            Assert.Equal(status, (string?)stack["StackStatus"]);
            var outputs = stack["Outputs"]!.AsArray().ToDictionary(o => (string)o!["OutputKey"]!, o => (string)o!["OutputValue"]!);
            Assert.Equal(version, outputs[PipelineStackOutputs.PipelineVersion]);
            return outputs;
        }

        private void AssertTableKeys(string table, string keySchema)
        {
            var description = Cli("dynamodb", "describe-table", "--table-name", table)!["Table"]!;
            Assert.Equal(keySchema, description["KeySchema"]!.ToJsonString());
            Assert.Empty(description["GlobalSecondaryIndexes"]?.AsArray() ?? new JsonArray());
        }

        private void AssertFunctions(PipelineEnvironment env, PipelineVersionDefinition v)
        {
            var functions = FunctionsOf(env).ToDictionary(f => (string)f["FunctionName"]!);
            Assert.Equal(v.Functions.Select(env.FunctionName).OrderBy(n => n), functions.Keys.OrderBy(n => n));
            foreach (var definition in v.FunctionDefinitions)
            {
                var function = functions[env.FunctionName(definition.Name)];
                Assert.Equal(definition.Runtime, (string?)function["Runtime"]);
                Assert.Equal(definition.Handler, (string?)function["Handler"]);
                Assert.Equal(definition.MemorySize, (int?)function["MemorySize"]);
                Assert.Equal(definition.TimeoutSeconds, (int?)function["Timeout"]);
                Assert.Equal($"arn:aws:iam::{account}:role/{env.ResourcePrefix}-lambda-role", (string?)function["Role"]);
                var variables = function["Environment"]!["Variables"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
                var expected = new Dictionary<string, string>
                {
                    ["AURORA_RESTORE_ENVIRONMENT"] = env.Name,
                    ["AURORA_RESTORE_PIPELINE_VERSION"] = v.Version,
                    ["AURORA_RESTORE_STATE_TABLE"] = env.StateTableName,
                    ["AURORA_RESTORE_AUDIT_TABLE"] = env.AuditTableName,
                    ["AURORA_RESTORE_CONTROL_TABLE"] = env.ControlTableName,
                    ["AURORA_RESTORE_CONFIG_PARAMETER"] = env.ConfigurationParameterName,
                    ["AURORA_RESTORE_TOPIC_ARN"] = TopicArn(env),
                };
                if (definition.Name == "sns-notification")
                {
                    expected["AURORA_RESTORE_CHATOPS_WEBHOOK"] = Webhook;
                }

                Assert.Equal(expected.OrderBy(p => p.Key), variables.OrderBy(p => p.Key));
            }
        }

        private void AssertStateMachine(PipelineEnvironment env, PipelineVersionDefinition v)
        {
            var machine = Cli("stepfunctions", "describe-state-machine", "--state-machine-arn", StateMachineArn(env))!;
            Assert.Equal(StateMachineArn(env), (string?)machine["stateMachineArn"]);
            Assert.Equal($"arn:aws:iam::{account}:role/{env.ResourcePrefix}-states-role", (string?)machine["roleArn"]);
            var expected = JsonNode.Parse(v.StateMachineDefinition(env, "aws", MotoServer.DefaultRegion, account));
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse((string)machine["definition"]!)), $"the deployed definition is not {v.Version}'s");
        }

        private void AssertLambdaPolicy(PipelineEnvironment env, PipelineVersionDefinition v)
        {
            // moto returns the inline policy document as text; the check is whether 3.0's CloudWatch statement is in force.
            var policy = Cli("iam", "get-role-policy", "--role-name", env.ResourcePrefix + "-lambda-role", "--policy-name", "aurora-restore-functions")!;
            var document = policy["PolicyDocument"]!.ToJsonString();
            Assert.Contains(env.StateTableName, document);
            Assert.Equal(v.Version == "3.0.0", document.Contains("cloudwatch:PutMetricData"));
        }

        private List<string> Items(PipelineEnvironment env)
            => new[] { env.StateTableName, env.AuditTableName }
                .SelectMany(t => Cli("dynamodb", "scan", "--table-name", t)!["Items"]!.AsArray().Select(i => t + " " + i!.ToJsonString()))
                .OrderBy(i => i, StringComparer.Ordinal)
                .ToList();

        /// <summary>The environment's functions (no environment name here is a prefix of another's, so the prefix is enough).</summary>
        private IEnumerable<JsonNode> FunctionsOf(PipelineEnvironment env)
            => Cli("lambda", "list-functions")!["Functions"]!.AsArray()
                .Select(f => f!)
                .Where(f => ((string)f["FunctionName"]!).StartsWith(env.ResourcePrefix + "-", StringComparison.Ordinal));

        private string StateMachineArn(PipelineEnvironment env) => $"arn:aws:states:{MotoServer.DefaultRegion}:{account}:stateMachine:{env.StateMachineName}";

        private string TopicArn(PipelineEnvironment env) => $"arn:aws:sns:{MotoServer.DefaultRegion}:{account}:{env.TopicName}";

        private static JsonArray Parameters(IDictionary<string, string> values)
            => new JsonArray(values.Select(p => (JsonNode)new JsonObject { ["ParameterKey"] = p.Key, ["ParameterValue"] = p.Value }).ToArray());

        private JsonNode? Cli(params string[] args) => AwsCli.Json(moto, args);
    }
}
