using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Completion;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Distribution
{
    /// <summary>
    /// What tab completion offers, read from what exists in moto. The resources are made through a second path (the AWS
    /// CLI for stacks, a raw DynamoDB SDK client for tables, items and backups); each test uses its own names.
    /// </summary>
    public sealed class CompletionDiscoveryTests : IClassFixture<MotoServer>
    {
        private const string Template = "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}";
        private readonly MotoServer moto;

        public CompletionDiscoveryTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task Environments_come_from_the_stacks_tags_or_names()
        {
            // Tagged as the installer tags (staging: both stacks; qa: a half-installed IAM stack), untagged as a pipeline
            // installed by hand with the migration guide's names (production), and stacks that are no pipeline.
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-staging", "--template-body", Template,
                "--tags", "Key=aurora-restore:environment,Value=staging", "Key=aurora-restore:version,Value=2.0.0");
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-staging-iam", "--template-body", Template,
                "--tags", "Key=aurora-restore:environment,Value=staging", "Key=aurora-restore:version,Value=2.0.0");
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-qa-iam", "--template-body", Template,
                "--tags", "Key=aurora-restore:environment,Value=qa", "Key=aurora-restore:version,Value=1.0.0");
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline", "--template-body", Template);
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "someone-elses-stack", "--template-body", Template);
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-Not-An-Environment", "--template-body", Template);
            using var cloudFormation = new CloudFormationClient(TestContexts.For(moto));

            var environments = await EnvironmentDiscovery.ListAsync(cloudFormation, CancellationToken.None);

            Assert.Equal(new[] { "production", "qa", "staging" }, environments.Select(e => e.Value));
            Assert.Equal("pipeline of unknown version (CREATE_COMPLETE)", environments[0].Description);
            Assert.Equal("IAM stack only (CREATE_COMPLETE)", environments[1].Description);
            Assert.Equal("pipeline 2.0.0 (CREATE_COMPLETE)", environments[2].Description);
        }

        [Fact]
        public async Task DescribeStacks_reads_every_page()
        {
            // moto answers all stacks in one page: a wire sample in CloudFormation's shape pages.
            var handler = new Support.ScriptedHttpHandler(
                (HttpStatusCode.OK, StacksPage("page-2", "aurora-restore-pipeline-one")),
                (HttpStatusCode.OK, StacksPage(null, "aurora-restore-pipeline-two")));
            using var client = new CloudFormationClient(Support.ScriptedHttpHandler.ContextFor(handler));

            var environments = await EnvironmentDiscovery.ListAsync(client, CancellationToken.None);

            Assert.Equal(new[] { "one", "two" }, environments.Select(e => e.Value));
            Assert.Equal("DescribeStacks", handler.Requests[0].Form["Action"]);
            Assert.False(handler.Requests[0].Form.ContainsKey("StackName"));
            Assert.False(handler.Requests[0].Form.ContainsKey("NextToken"));
            Assert.Equal("page-2", handler.Requests[1].Form["NextToken"]);
        }

        [Fact]
        public async Task Upgrade_targets_follow_the_compatibility_matrix_from_the_deployed_version()
        {
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-upgrade-one", "--template-body", Template,
                "--tags", "Key=aurora-restore:environment,Value=upgrade-one", "Key=aurora-restore:version,Value=1.0.0");
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-upgrade-top", "--template-body", Template,
                "--tags", "Key=aurora-restore:environment,Value=upgrade-top", "Key=aurora-restore:version,Value=3.0.0");
            using var cloudFormation = new CloudFormationClient(TestContexts.For(moto));
            var catalog = PipelineVersionCatalog.Default;

            var fromOne = await UpgradeTargetDiscovery.ListAsync(cloudFormation, catalog, PipelineEnvironment.Named("upgrade-one"), CancellationToken.None);
            var fromTop = await UpgradeTargetDiscovery.ListAsync(cloudFormation, catalog, PipelineEnvironment.Named("upgrade-top"), CancellationToken.None);
            var notInstalled = await UpgradeTargetDiscovery.ListAsync(cloudFormation, catalog, PipelineEnvironment.Named("upgrade-none"), CancellationToken.None);

            Assert.Equal(new[] { "2.0.0", "3.0.0" }, fromOne.Select(t => t.Value));
            Assert.Equal("direct from 1.0.0: " + catalog.Matrix.PathBetween("1.0.0", "2.0.0")[0].Notes, fromOne[0].Description);
            Assert.Equal("2 hops: 1.0.0 -> 2.0.0 -> 3.0.0", fromOne[1].Description);
            Assert.Empty(fromTop);
            Assert.Equal(catalog.Versions.Select(v => v.Version), notInstalled.Select(t => t.Value));
        }

        [Fact]
        public async Task Operation_ids_put_running_operations_first_then_the_newest()
        {
            var env = PipelineEnvironment.Named("ops");
            using var dynamoDb = TestContexts.For(moto).CreateDynamoDb();
            await CreateTableAsync(dynamoDb, env.StateTableName);
            await PutOperationAsync(dynamoDb, env, "op-000000000001", "completed", true, "2026-11-20T10:00:00.000Z");
            await PutOperationAsync(dynamoDb, env, "op-000000000002", "failed", true, "2026-11-24T10:00:00.000Z");
            await PutOperationAsync(dynamoDb, env, "op-000000000003", "in_progress", false, "2026-11-01T10:00:00.000Z");
            await PutOperationAsync(dynamoDb, env, "nightly-2026-11-25", "completed", true, "2026-11-25T10:00:00.000Z");

            var all = await OperationIdDiscovery.ListAsync(dynamoDb, env, string.Empty, CancellationToken.None);
            var filtered = await OperationIdDiscovery.ListAsync(dynamoDb, env, "op-", CancellationToken.None);

            Assert.Equal(new[] { "op-000000000003", "nightly-2026-11-25", "op-000000000002", "op-000000000001" }, all.Select(o => o.Value));
            Assert.Equal("in_progress, 2026-11-01T10:00:00.000Z", all[0].Description);
            Assert.Equal(new[] { "op-000000000003", "op-000000000002", "op-000000000001" }, filtered.Select(o => o.Value));
        }

        [Fact]
        public async Task Operation_ids_of_an_environment_without_a_pipeline_are_none()
        {
            using var dynamoDb = TestContexts.For(moto).CreateDynamoDb();

            var none = await OperationIdDiscovery.ListAsync(dynamoDb, PipelineEnvironment.Named("nothing-here"), string.Empty, CancellationToken.None);

            Assert.Empty(none);
        }

        [Fact]
        public async Task Backup_names_are_one_per_backup_set_newest_first()
        {
            var env = PipelineEnvironment.Named("backups");
            using var dynamoDb = TestContexts.For(moto).CreateDynamoDb();
            await CreateTableAsync(dynamoDb, env.StateTableName);
            await CreateTableAsync(dynamoDb, env.AuditTableName, withSortKey: true);
            await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = env.StateTableName, BackupName = "before-2.0" });
            await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = env.AuditTableName, BackupName = "before-2.0" });
            await Task.Delay(1100); // backup times may have a resolution of one second
            await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = env.StateTableName, BackupName = "state-only" });
            await Task.Delay(1100);
            await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = env.StateTableName, BackupName = "pre-upgrade-backup" });
            await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = env.AuditTableName, BackupName = "pre-upgrade-backup" });

            var names = await BackupNameDiscovery.ListAsync(dynamoDb, env, CancellationToken.None);

            Assert.Equal(new[] { "pre-upgrade-backup", "state-only", "before-2.0" }, names.Select(n => n.Value));
            Assert.StartsWith($"{env.AuditTableName} + {env.StateTableName}, ", names[0].Description, StringComparison.Ordinal);
            Assert.StartsWith($"{env.StateTableName}, ", names[1].Description, StringComparison.Ordinal);
        }

        private static async Task CreateTableAsync(IAmazonDynamoDB dynamoDb, string name, bool withSortKey = false)
        {
            var request = new CreateTableRequest
            {
                TableName = name,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("operation_id", KeyType.HASH) },
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("operation_id", ScalarAttributeType.S) },
            };
            if (withSortKey)
            {
                request.KeySchema.Add(new KeySchemaElement("timestamp", KeyType.RANGE));
                request.AttributeDefinitions.Add(new AttributeDefinition("timestamp", ScalarAttributeType.S));
            }

            await dynamoDb.CreateTableAsync(request);
        }

        private static Task PutOperationAsync(IAmazonDynamoDB dynamoDb, PipelineEnvironment env, string id, string status, bool completed, string timestamp)
            => dynamoDb.PutItemAsync(env.StateTableName, new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = id },
                ["status"] = new AttributeValue { S = status },
                ["completed"] = new AttributeValue { BOOL = completed },
                ["timestamp"] = new AttributeValue { S = timestamp },
                ["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["step"] = new AttributeValue { S = "snapshot-check" } } },
            });

        private static string StacksPage(string? nextToken, string stackName)
            => "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><DescribeStacksResult><Stacks><member>"
               + $"<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/{stackName}/1</StackId><StackName>{stackName}</StackName>"
               + "<StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-25T16:27:59.123Z</CreationTime></member></Stacks>"
               + (nextToken == null ? string.Empty : $"<NextToken>{nextToken}</NextToken>")
               + "</DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>";
    }
}
