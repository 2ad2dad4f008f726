using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.LambdaHost;
using AuroraRestore.Restores;
using AuroraRestore.Restores.Database;
using AuroraRestore.Tests.Restores;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Versions;
using Xunit;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// Least privilege, checked against what the code does rather than against a copy of the template: the Lambda
    /// handlers run a restore (in the state machine's order) through a recording proxy in front of moto, and every AWS
    /// operation they call must be granted to the Lambda role of that version, on a resource of the pipeline's own.
    /// The other way round, every action the role grants must be either called in that run or listed below with the
    /// reason the run cannot show it. Resource wildcards: see IamTemplateContractTests.No_statement_grants_everything
    /// (only cloudwatch:PutMetricData, which has no resource type in IAM, has Resource "*", narrowed by its namespace).
    /// This test found dynamodb:Query, Scan, UpdateItem and BatchWriteItem (and the tables' index ARNs) granted to the
    /// Lambda role of every version although no handler calls them (only the operator's cmdlets do): they were removed.
    /// </summary>
    public sealed class LeastPrivilegeTests : IClassFixture<MotoServer>
    {
        /// <summary>Granted but not called by a same-region restore of a fresh target on moto, with the reason.</summary>
        private static readonly Dictionary<string, string> GrantedForPathsTheRunDoesNotTake = new Dictionary<string, string>
        {
            ["logs:CreateLogGroup"] = "called by the Lambda runtime, not by the handlers' code",
            ["logs:CreateLogStream"] = "called by the Lambda runtime, not by the handlers' code",
            ["logs:PutLogEvents"] = "called by the Lambda runtime, not by the handlers' code",
            ["kms:CreateGrant"] = "called by RDS on the function's behalf (kms:ViaService rds) when copying an encrypted snapshot across regions",
            ["kms:DescribeKey"] = "called by RDS on the function's behalf (kms:ViaService rds) when copying an encrypted snapshot across regions",
            ["rds:DeleteDBCluster"] = "delete-rds: only when replace_target finds an existing target cluster",
            ["rds:DeleteDBInstance"] = "delete-rds: only when replace_target finds an existing target cluster",
            ["rds:RestoreDBClusterToPointInTime"] = "restore-snapshot: only for a point-in-time restore (restore_time set)",
            ["rds:CopyDBClusterSnapshot"] = "copy-snapshot: only when the target region differs from the source region",
            ["rds:DeleteDBClusterSnapshot"] = "archive-snapshot: only for a cross-region copy, which it deletes once restored",
            ["secretsmanager:GetSecretValue"] = "setup-db-users: only with setup_db_users (needs a PostgreSQL server, not moto)",
            ["rds:AddTagsToResource"] = "restore-snapshot and the instances it creates pass Tags, which IAM authorizes as rds:AddTagsToResource (moto does not call it apart)",
            ["cloudwatch:PutMetricData"] = "3.0 step metrics: granted on 3.0.0 only",
        };

        private readonly MotoServer moto;

        public LeastPrivilegeTests(MotoServer moto) => this.moto = moto;

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("2.0.0")]
        [InlineData("3.0.0")]
        public void Every_call_a_restore_makes_is_granted_and_every_grant_is_used_or_explained(string version)
        {
            var world = new RestoreWorld(moto, null, "lp-" + version.Replace(".", string.Empty), version, setupDbUsers: false);
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 0 });
            RunRestoreThroughHandlers(world, version, proxy);

            var called = proxy.Calls.Select(Action).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList();
            var statements = LambdaStatements(version);
            var granted = statements.SelectMany(s => Strings(s["Action"])).Distinct().ToList();

            Assert.Contains("rds:RestoreDBClusterFromSnapshot", called);
            foreach (var action in called)
            {
                Assert.True(granted.Any(g => Matches(g, action)), $"{version}: the handlers call {action}, which the Lambda role does not grant");
            }

            var unexplained = granted.Where(g => !called.Any(c => Matches(g, c)) && !GrantedForPathsTheRunDoesNotTake.ContainsKey(g)).ToList();
            Assert.True(unexplained.Count == 0, $"{version}: the Lambda role grants {string.Join(", ", unexplained)}, which no handler called and no reason explains: remove them or document why they are needed");

            // Each call's resource: the statements that grant it name only the pipeline's own resources (or RDS in the
            // account, for the clusters and snapshots the configuration names; or "*" for PutMetricData alone).
            foreach (var action in called)
            {
                foreach (var statement in statements.Where(s => Strings(s["Action"]).Any(g => Matches(g, action))))
                {
                    foreach (var resource in Resources(statement))
                    {
                        Assert.True(
                            resource == "*" ? action == "cloudwatch:PutMetricData" : resource.Contains("${AWS::AccountId}", StringComparison.Ordinal),
                            $"{version}: {action} is granted on {resource}");
                    }
                }
            }
        }

        /// <summary>The Lambda handlers in the state machine's order, every AWS client through the proxy.</summary>
        private void RunRestoreThroughHandlers(RestoreWorld world, string version, FaultProxy proxy)
        {
            AwsContext Context(string region) => AwsContext.Resolve(region, null, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey), proxy.Endpoint);
            var context = Context(world.SourceRegion);
            var services = new RestoreServices(
                region => new RdsClient(Context(region)),
                region => new SecretsManagerClient(Context(region)),
                context.CreateDynamoDb(),
                new NpgsqlDatabaseAdmin(context.Log),
                context.Log)
            {
                Sns = new TestSnsClient(context),
                CloudWatch = new TestCloudWatchClient(context),
                StepFunctions = new TestStepFunctionsClient(context),
            };
            var settings = new HostSettings
            {
                Environment = world.Environment.Name,
                PipelineVersion = version,
                StateTable = world.Environment.StateTableName,
                AuditTable = world.Environment.AuditTableName,
                ControlTable = world.Environment.ControlTableName,
                ConfigParameter = world.Environment.ConfigurationParameterName,
                TopicArn = world.TopicArn,
            };
            var functions = new Functions(() => new StepHandler(services, settings, new SsmRestoreSettingsSource(context.CreateSsm())));
            JsonObject Call(Func<Stream, Stream> handler, JsonObject state)
            {
                using var output = handler(new MemoryStream(Encoding.UTF8.GetBytes(state.ToJsonString())));
                return JsonNode.Parse(new StreamReader(output).ReadToEnd())!.AsObject();
            }

            var state = new JsonObject { ["operation_id"] = "op-lp" + version.Replace(".", string.Empty) + "0001", ["replace_target"] = false };
            state = Call(functions.SnapshotCheck, state);
            state = Call(functions.CopySnapshot, state);
            for (var i = 0; i < 20 && !(bool)state["copy_done"]!; i++)
            {
                state = Call(functions.CheckCopyStatus, state);
            }

            state = Call(functions.RestoreSnapshot, state);
            for (var i = 0; i < 20 && !(bool)state["restore_done"]!; i++)
            {
                state = Call(functions.CheckRestoreStatus, state);
            }

            state = Call(functions.SetupDbUsers, state);
            state = Call(functions.VerifyRestore, state);
            state = Call(functions.ArchiveSnapshot, state);
            state = Call(functions.SnsNotification, state);
            Assert.Equal("completed", (string)state["status"]!);
        }

        /// <summary>"rds DescribeDBClusters" → "rds:DescribeDBClusters"; "monitoring PutMetricData" → "cloudwatch:PutMetricData".</summary>
        private static string Action(string call)
        {
            var space = call.IndexOf(' ');
            var service = call.Substring(0, space);
            var operation = call.Substring(space + 1);
            return (service == "monitoring" ? "cloudwatch" : service) + ":" + operation;
        }

        private static bool Matches(string grant, string action)
            => Regex.IsMatch(action, "^" + Regex.Escape(grant).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant);

        private static List<JsonObject> LambdaStatements(string version)
            => IamTemplateContractTests.Template(version)["Resources"]!.AsObject()
                .Where(r => (string?)r.Value!["Type"] == "AWS::IAM::Policy" && r.Value!["Properties"]!["Roles"]!.AsArray().Any(x => (string?)x!["Ref"] == "LambdaRole"))
                .SelectMany(r => r.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()))
                .ToList();

        private static string[] Strings(JsonNode? node) => node is JsonArray array ? array.Select(a => (string)a!).ToArray() : new[] { (string)node! };

        private static IEnumerable<string> Resources(JsonObject statement)
            => statement["Resource"] is JsonArray array ? array.Select(r => r is JsonObject sub ? (string)sub["Fn::Sub"]! : (string)r!) : new[] { (string)statement["Resource"]! };
    }
}
