using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>The IAM template of every version against the contract the installer relies on, and least privilege.</summary>
    public sealed class IamTemplateContractTests
    {
        private static readonly string[] Functions = PipelineVersionCatalog.Default.Get("1.0.0").Functions.ToArray();

        public static TheoryData<string> Versions()
        {
            var data = new TheoryData<string>();
            foreach (var v in PipelineVersionCatalog.Default.Versions)
            {
                data.Add(v.Version);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void Parameters_and_outputs_are_the_contracts(string version)
        {
            var template = Template(version);

            Assert.Equal(
                new[] { "EnvironmentName", "ResourcePrefix", "StateTableName", "AuditTableName", "ControlTableName", "ConfigParameterName", "ArtifactBucket" },
                template["Parameters"]!.AsObject().Select(p => p.Key));
            Assert.All(template["Parameters"]!.AsObject(), p => Assert.Equal("String", (string?)p.Value!["Type"]));
            var outputs = template["Outputs"]!.AsObject();
            Assert.Equal(new[] { "LambdaRoleArn", "StateMachineRoleArn", "PipelineVersion" }, outputs.Select(o => o.Key));
            Assert.Equal("[\"LambdaRole\",\"Arn\"]", outputs["LambdaRoleArn"]!["Value"]!["Fn::GetAtt"]!.ToJsonString());
            Assert.Equal("[\"StateMachineRole\",\"Arn\"]", outputs["StateMachineRoleArn"]!["Value"]!["Fn::GetAtt"]!.ToJsonString());
            Assert.Equal(version, (string?)outputs["PipelineVersion"]!["Value"]);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void Roles_have_predictable_names_and_trust_only_their_service(string version)
        {
            var resources = Template(version)["Resources"]!.AsObject();

            Assert.Equal("${ResourcePrefix}-lambda-role", (string?)resources["LambdaRole"]!["Properties"]!["RoleName"]!["Fn::Sub"]);
            Assert.Equal("${ResourcePrefix}-states-role", (string?)resources["StateMachineRole"]!["Properties"]!["RoleName"]!["Fn::Sub"]);
            Assert.Equal("lambda.amazonaws.com", (string?)resources["LambdaRole"]!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]);
            Assert.Equal("states.amazonaws.com", (string?)resources["StateMachineRole"]!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]);
            Assert.Equal(
                new[] { "AWS::IAM::Policy", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::Role" },
                resources.Select(r => (string)r.Value!["Type"]!).OrderBy(t => t));
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void The_lambda_role_gets_exactly_the_actions_the_functions_use(string version)
        {
            var expected = new List<string>
            {
                "dynamodb:GetItem", "dynamodb:PutItem",
                "kms:CreateGrant", "kms:DescribeKey",
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "rds:AddTagsToResource", "rds:CopyDBClusterSnapshot", "rds:CreateDBInstance", "rds:DeleteDBCluster", "rds:DeleteDBClusterSnapshot",
                "rds:DeleteDBInstance", "rds:Describe*", "rds:RestoreDBClusterFromSnapshot", "rds:RestoreDBClusterToPointInTime",
                "secretsmanager:GetSecretValue", "sns:Publish", "ssm:GetParameter",
            };
            if (version == "3.0.0")
            {
                expected.Add("cloudwatch:PutMetricData");
            }

            var actions = Statements(version, "LambdaRole").SelectMany(s => Strings(s["Action"])).Distinct().OrderBy(a => a, System.StringComparer.Ordinal);

            Assert.Equal(expected.OrderBy(a => a, System.StringComparer.Ordinal), actions);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void No_statement_grants_everything(string version)
        {
            foreach (var statement in Statements(version, "LambdaRole").Concat(Statements(version, "StateMachineRole")))
            {
                Assert.Equal("Allow", (string?)statement["Effect"]);
                Assert.Null(statement["NotAction"]);
                Assert.Null(statement["NotResource"]);
                Assert.All(Strings(statement["Action"]), a => Assert.False(a == "*" || a.EndsWith(":*"), $"{a} grants a whole service"));
                if (statement["Resource"] is JsonValue)
                {
                    // Only PutMetricData has no resource type; the namespace condition is what narrows it.
                    Assert.Equal("*", (string?)statement["Resource"]);
                    Assert.Equal(new[] { "cloudwatch:PutMetricData" }, Strings(statement["Action"]));
                    Assert.Equal("AuroraRestore", (string?)statement["Condition"]!["StringEquals"]!["cloudwatch:namespace"]);
                }
                else
                {
                    Assert.All(statement["Resource"]!.AsArray(), r => Assert.DoesNotContain("\"*\"", r!.ToJsonString()));
                }
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void Resources_are_narrowed_to_the_pipelines_own(string version)
        {
            var statements = Statements(version, "LambdaRole").ToDictionary(s => (string)s["Sid"]!);
            const string Arn = "arn:${AWS::Partition}";

            Assert.Equal(
                new[]
                {
                    Arn + ":dynamodb:${AWS::Region}:${AWS::AccountId}:table/${StateTableName}",
                    Arn + ":dynamodb:${AWS::Region}:${AWS::AccountId}:table/${AuditTableName}",
                },
                Subs(statements["PipelineTables"]));
            Assert.Equal(new[] { "dynamodb:GetItem" }, Strings(statements["ReadControlRecords"]["Action"]));
            Assert.Equal(new[] { Arn + ":dynamodb:${AWS::Region}:${AWS::AccountId}:table/${ControlTableName}" }, Subs(statements["ReadControlRecords"]));
            Assert.Equal(new[] { Arn + ":secretsmanager:*:${AWS::AccountId}:secret:aurora-restore/*" }, Subs(statements["DatabaseSecrets"]));
            Assert.Equal(new[] { Arn + ":sns:${AWS::Region}:${AWS::AccountId}:${ResourcePrefix}-notifications" }, Subs(statements["Notifications"]));
            Assert.Equal(new[] { Arn + ":ssm:${AWS::Region}:${AWS::AccountId}:parameter${ConfigParameterName}" }, Subs(statements["Configuration"]));
            Assert.Equal(
                Functions.Select(f => Arn + ":logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${ResourcePrefix}-" + f + ":*"),
                Subs(statements["OwnLogGroups"]));
            Assert.All(Subs(statements["RestoreRds"]).Concat(Subs(statements["DescribeRds"])), r => Assert.StartsWith(Arn + ":rds:*:${AWS::AccountId}:", r));
            Assert.Equal("rds.*.amazonaws.com", (string?)statements["EncryptedSnapshotsThroughRds"]["Condition"]!["StringLike"]!["kms:ViaService"]);
            Assert.Equal(version == "3.0.0", statements.ContainsKey("StepMetrics"));
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void The_states_role_may_only_invoke_the_pipelines_functions(string version)
        {
            var statement = Assert.Single(Statements(version, "StateMachineRole"));

            Assert.Equal(new[] { "lambda:InvokeFunction" }, Strings(statement["Action"]));
            var expected = Functions.SelectMany(f => new[]
            {
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${ResourcePrefix}-" + f,
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${ResourcePrefix}-" + f + ":*",
            });
            Assert.Equal(expected, Subs(statement));
        }

        internal static JsonObject Template(string version)
            => JsonNode.Parse(PipelineVersionCatalog.Default.Get(version).IamTemplateBody)!.AsObject();

        /// <summary>The statements of the AWS::IAM::Policy resources attached to one role.</summary>
        private static List<JsonObject> Statements(string version, string role)
            => Template(version)["Resources"]!.AsObject()
                .Where(r => (string?)r.Value!["Type"] == "AWS::IAM::Policy"
                            && r.Value!["Properties"]!["Roles"]!.AsArray().Any(x => (string?)x!["Ref"] == role))
                .SelectMany(r => r.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()))
                .ToList();

        private static string[] Strings(JsonNode? node)
            => node is JsonArray array ? array.Select(a => (string)a!).ToArray() : new[] { (string)node! };

        private static string[] Subs(JsonObject statement)
            => statement["Resource"]!.AsArray().Select(r => (string)r!["Fn::Sub"]!).ToArray();
    }
}
