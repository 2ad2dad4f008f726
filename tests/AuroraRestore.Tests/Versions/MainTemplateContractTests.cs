using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>The main template of every version against the contract the installer and the Lambda host rely on.</summary>
    public sealed class MainTemplateContractTests
    {
        private static readonly string[] EnvironmentVariables =
        {
            "AURORA_RESTORE_ENVIRONMENT", "AURORA_RESTORE_PIPELINE_VERSION", "AURORA_RESTORE_STATE_TABLE", "AURORA_RESTORE_AUDIT_TABLE",
            "AURORA_RESTORE_CONTROL_TABLE", "AURORA_RESTORE_CONFIG_PARAMETER", "AURORA_RESTORE_TOPIC_ARN",
        };

        public static TheoryData<string> Versions() => IamTemplateContractTests.Versions();

        [Theory]
        [MemberData(nameof(Versions))]
        public void Parameters_and_outputs_are_the_contracts(string version)
        {
            var template = Template(version);
            var parameters = template["Parameters"]!.AsObject();

            Assert.Equal(
                new[]
                {
                    "EnvironmentName", "ResourcePrefix", "StateTableName", "AuditTableName", "ControlTableName", "ConfigParameterName",
                    "ArtifactBucket", "ArtifactKey", "LambdaRoleArn", "StateMachineRoleArn", "ChatOpsWebhookUrl",
                },
                parameters.Select(p => p.Key));
            Assert.Equal(new[] { "ChatOpsWebhookUrl" }, parameters.Where(p => (bool?)p.Value!["NoEcho"] == true).Select(p => p.Key));
            Assert.Equal(string.Empty, (string?)parameters["ChatOpsWebhookUrl"]!["Default"]);
            Assert.Equal(
                new[] { "PipelineVersion", "StateMachineArn", "TopicArn", "StateTableName", "AuditTableName" },
                template["Outputs"]!.AsObject().Select(o => o.Key));
            Assert.Equal(version, (string?)template["Outputs"]!["PipelineVersion"]!["Value"]);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void Only_tables_topic_functions_and_the_state_machine_are_declared(string version)
        {
            var types = Template(version)["Resources"]!.AsObject().GroupBy(r => (string)r.Value!["Type"]!).ToDictionary(g => g.Key, g => g.Count());

            // No AWS::Lambda::Version or ::Alias (moto drops aliases and breaks on versions), no CloudWatch alarms (moto skips them):
            // the module manages those through the APIs.
            Assert.Equal(
                new[] { ("AWS::DynamoDB::Table", 2), ("AWS::Lambda::Function", 11), ("AWS::SNS::Topic", 1), ("AWS::StepFunctions::StateMachine", 1) },
                types.OrderBy(t => t.Key, System.StringComparer.Ordinal).Select(t => (t.Key, t.Value)));
        }

        [Fact]
        public void Tables_are_identical_in_every_version_and_have_no_index()
        {
            var first = Template("1.0.0")["Resources"]!;
            foreach (var version in PipelineVersionCatalog.Default.Versions.Select(v => v.Version))
            {
                var resources = Template(version)["Resources"]!;
                Assert.True(JsonNode.DeepEquals(first["StateTable"], resources["StateTable"]), $"{version}: StateTable differs from 1.0.0's");
                Assert.True(JsonNode.DeepEquals(first["AuditTable"], resources["AuditTable"]), $"{version}: AuditTable differs from 1.0.0's");
            }

            var state = first["StateTable"]!["Properties"]!;
            var audit = first["AuditTable"]!["Properties"]!;
            Assert.Equal("StateTableName", (string?)state["TableName"]!["Ref"]);
            Assert.Equal("AuditTableName", (string?)audit["TableName"]!["Ref"]);
            Assert.Equal("PAY_PER_REQUEST", (string?)state["BillingMode"]);
            Assert.Equal("PAY_PER_REQUEST", (string?)audit["BillingMode"]);
            Assert.Equal("[{\"AttributeName\":\"operation_id\",\"KeyType\":\"HASH\"}]", state["KeySchema"]!.ToJsonString());
            Assert.Equal("[{\"AttributeName\":\"operation_id\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"timestamp\",\"KeyType\":\"RANGE\"}]", audit["KeySchema"]!.ToJsonString());
            Assert.Null(state["GlobalSecondaryIndexes"]);
            Assert.Null(state["LocalSecondaryIndexes"]);
            Assert.Null(audit["GlobalSecondaryIndexes"]);
            Assert.Null(audit["LocalSecondaryIndexes"]);
            Assert.Equal("Retain", (string?)first["StateTable"]!["UpdateReplacePolicy"]);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void Every_function_is_deployed_as_version_json_declares_it(string version)
        {
            var definition = PipelineVersionCatalog.Default.Get(version);
            var functions = Template(version)["Resources"]!.AsObject()
                .Where(r => (string?)r.Value!["Type"] == "AWS::Lambda::Function")
                .ToDictionary(r => ((string)r.Value!["Properties"]!["FunctionName"]!["Fn::Sub"]!).Replace("${ResourcePrefix}-", string.Empty), r => r.Value!["Properties"]!);

            Assert.Equal(definition.Functions.OrderBy(f => f), functions.Keys.OrderBy(f => f));
            foreach (var function in definition.FunctionDefinitions)
            {
                var properties = functions[function.Name];
                Assert.Equal(function.Runtime, (string?)properties["Runtime"]);
                Assert.Equal(function.Handler, (string?)properties["Handler"]);
                Assert.Equal(function.MemorySize, (int?)properties["MemorySize"]);
                Assert.Equal(function.TimeoutSeconds, (int?)properties["Timeout"]);
                Assert.Equal("LambdaRoleArn", (string?)properties["Role"]!["Ref"]);

                // Code from S3, never inline ZipFile: moto fails every update of a stack holding inline code.
                Assert.Equal("{\"S3Bucket\":{\"Ref\":\"ArtifactBucket\"},\"S3Key\":{\"Ref\":\"ArtifactKey\"}}", properties["Code"]!.ToJsonString());

                var variables = properties["Environment"]!["Variables"]!.AsObject();
                var expected = function.Name == "sns-notification" ? EnvironmentVariables.Append("AURORA_RESTORE_CHATOPS_WEBHOOK") : EnvironmentVariables;
                Assert.Equal(expected, variables.Select(v => v.Key));
                Assert.Equal(version, (string?)variables["AURORA_RESTORE_PIPELINE_VERSION"]);
                Assert.Equal("NotificationTopic", (string?)variables["AURORA_RESTORE_TOPIC_ARN"]!["Ref"]);
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void The_state_machine_and_topic_have_predictable_names(string version)
        {
            var resources = Template(version)["Resources"]!;

            Assert.Equal("${ResourcePrefix}-state-machine", (string?)resources["StateMachine"]!["Properties"]!["StateMachineName"]!["Fn::Sub"]);
            Assert.Equal("StateMachineRoleArn", (string?)resources["StateMachine"]!["Properties"]!["RoleArn"]!["Ref"]);
            Assert.Equal("${ResourcePrefix}-notifications", (string?)resources["NotificationTopic"]!["Properties"]!["TopicName"]!["Fn::Sub"]);
        }

        internal static JsonObject Template(string version)
            => JsonNode.Parse(PipelineVersionCatalog.Default.Get(version).MainTemplateBody)!.AsObject();
    }
}
