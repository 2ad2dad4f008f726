using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Restores;
using AuroraRestore.Restores.Database;
using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Restores
{
    /// <summary>
    /// One pipeline environment in moto, made with the AWS CLI (the installer is not on this branch yet): state and audit
    /// tables (with the StatusIndex from 2.0), the topic with an SQS subscription to read messages back, the secrets,
    /// the configuration in SSM, and a source cluster with yesterday's snapshot.
    /// </summary>
    public sealed class RestoreWorld
    {
        public RestoreWorld(MotoServer moto, PostgresServer? postgres, string environment, string pipelineVersion, string sourceRegion = "us-east-1", string? targetRegion = null, bool setupDbUsers = true)
        {
            Moto = moto;
            Postgres = postgres;
            Environment = PipelineEnvironment.Named(environment);
            PipelineVersion = pipelineVersion;
            SourceRegion = sourceRegion;
            TargetRegion = targetRegion ?? sourceRegion;
            Source = environment + "-src";
            Target = environment + "-dst";
            AppUser = "app_" + environment.Replace("-", "_");

            var withIndex = AuroraRestore.State.FormatVersions.HasStatusIndex(pipelineVersion);
            var gsi = withIndex ? new[] { "--global-secondary-indexes", "[{\"IndexName\":\"StatusIndex\",\"KeySchema\":[{\"AttributeName\":\"status\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"updated_at\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}]" } : Array.Empty<string>();
            var stateAttributes = withIndex ? "AttributeName=operation_id,AttributeType=S AttributeName=status,AttributeType=S AttributeName=updated_at,AttributeType=S" : "AttributeName=operation_id,AttributeType=S";
            AwsCli.Run(moto, new[] { "dynamodb", "create-table", "--table-name", Environment.StateTableName, "--key-schema", "AttributeName=operation_id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST", "--attribute-definitions" }.Concat(stateAttributes.Split(' ')).Concat(gsi).ToArray());
            AwsCli.Run(moto, "dynamodb", "create-table", "--table-name", Environment.AuditTableName, "--billing-mode", "PAY_PER_REQUEST",
                "--key-schema", "AttributeName=operation_id,KeyType=HASH", "AttributeName=timestamp,KeyType=RANGE",
                "--attribute-definitions", "AttributeName=operation_id,AttributeType=S", "AttributeName=timestamp,AttributeType=S");
            TopicArn = (string)AwsCli.Json(moto, "sns", "create-topic", "--name", Environment.TopicName)!["TopicArn"]!;
            QueueUrl = (string)AwsCli.Json(moto, "sqs", "create-queue", "--queue-name", environment + "-notifications")!["QueueUrl"]!;
            var queueArn = (string)AwsCli.Json(moto, "sqs", "get-queue-attributes", "--queue-url", QueueUrl, "--attribute-names", "QueueArn")!["Attributes"]!["QueueArn"]!;
            AwsCli.Run(moto, "sns", "subscribe", "--topic-arn", TopicArn, "--protocol", "sqs", "--notification-endpoint", queueArn);

            AwsCli.Run(moto, "rds", "create-db-cluster", "--region", SourceRegion, "--db-cluster-identifier", Source, "--engine", "aurora-postgresql",
                "--master-username", PostgresServer.SuperUser, "--master-user-password", "unused-by-tests-1", "--storage-encrypted");
            SnapshotName = Source + "-daily-" + DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd") + "-03-00";
            AwsCli.Run(moto, "rds", "create-db-cluster-snapshot", "--region", SourceRegion, "--db-cluster-identifier", Source, "--db-cluster-snapshot-identifier", SnapshotName);

            var config = new JsonObject
            {
                ["format_version"] = AuroraRestore.State.FormatVersions.Definition(pipelineVersion).ConfigFormat,
                ["source_region"] = SourceRegion,
                ["target_region"] = TargetRegion,
                ["source_cluster_id"] = Source,
                ["target_cluster_id"] = Target,
                ["snapshot_prefix"] = Source + "-daily-",
                ["db_subnet_group_name"] = "default",
                ["vpc_security_group_ids"] = new JsonArray("sg-0aa11", "sg-0bb22"),
                ["db_instance_class"] = "db.r6g.large",
                ["instance_count"] = 2,
                ["port"] = 5432,
                ["iam_database_authentication"] = true,
                ["deletion_protection"] = false,
                ["setup_db_users"] = setupDbUsers,
                ["database_name"] = "postgres",
            };
            if (TargetRegion != SourceRegion)
            {
                KmsKeyArn = (string)AwsCli.Json(moto, "kms", "create-key", "--region", TargetRegion)!["KeyMetadata"]!["Arn"]!;
                config["kms_key_id"] = KmsKeyArn;
            }

            if (setupDbUsers)
            {
                MasterSecret = environment + "/master";
                AppSecret = environment + "/app";
                AwsCli.Run(moto, "secretsmanager", "create-secret", "--region", TargetRegion, "--name", MasterSecret, "--secret-string", $"{{\"username\":\"{PostgresServer.SuperUser}\",\"password\":\"{PostgresServer.SuperPassword}\"}}");
                AwsCli.Run(moto, "secretsmanager", "create-secret", "--region", TargetRegion, "--name", AppSecret, "--secret-string", $"{{\"username\":\"{AppUser}\",\"password\":\"app-pw-{environment}\"}}");
                config["master_secret_id"] = MasterSecret;
                config["app_secret_id"] = AppSecret;
            }

            AwsCli.Run(moto, "ssm", "put-parameter", "--name", Environment.ConfigurationParameterName, "--type", "String", "--value", config.ToJsonString());
        }

        public MotoServer Moto { get; }

        public PostgresServer? Postgres { get; }

        public PipelineEnvironment Environment { get; }

        public string PipelineVersion { get; }

        public string SourceRegion { get; }

        public string TargetRegion { get; }

        public string Source { get; }

        public string Target { get; }

        public string SnapshotName { get; }

        public string TopicArn { get; }

        public string QueueUrl { get; }

        public string? KmsKeyArn { get; }

        public string? MasterSecret { get; }

        public string? AppSecret { get; }

        public string AppUser { get; }

        public string? StateMachineArn { get; set; }

        public RestoreServices Services(IOperationLog? log = null, Func<string, IRdsClient>? rds = null)
        {
            var context = TestContexts.For(Moto, SourceRegion, log);
            return new RestoreServices(
                rds ?? (region => new RdsClient(TestContexts.For(Moto, region, log))),
                region => new SecretsManagerClient(TestContexts.For(Moto, region, log)),
                context.CreateDynamoDb(),
                new NpgsqlDatabaseAdmin(context.Log),
                context.Log)
            {
                Sns = new TestSnsClient(context),
                CloudWatch = new TestCloudWatchClient(context),
                StepFunctions = new TestStepFunctionsClient(context),
            };
        }

        public RestoreEngine Engine(RestoreServices services)
        {
            var context = TestContexts.For(Moto, SourceRegion);
            var deployment = new PipelineDeployment(PipelineVersion, StateMachineArn, TopicArn);
            return new RestoreEngine(services, Environment, new SsmRestoreSettingsSource(context.CreateSsm()), _ => Task.FromResult(deployment))
            {
                PollInterval = TimeSpan.FromMilliseconds(20),
            };
        }

        public RestoreRequest LocalRequest() => new RestoreRequest
        {
            Local = true,
            RequestedBy = "arn:aws:iam::123456789012:user/tester",
            DatabaseEndpointOverride = Postgres == null ? null : $"{Postgres.Host}:{Postgres.Port}",
        };

        public async Task<AuroraRestore.State.OperationRecord> RunLocalAsync(RestoreRequest request, RestoreServices services, CancellationToken cancellationToken = default)
        {
            var engine = Engine(services);
            var settings = await engine.ValidateAsync(request, SourceRegion, cancellationToken);
            var record = await engine.StartAsync(request, settings, cancellationToken);
            return await engine.DriveAsync(record.OperationId, TimeSpan.FromMinutes(2), cancellationToken);
        }

        public JsonObject StateItem(string operationId)
            => AwsCli.Json(Moto, "dynamodb", "get-item", "--table-name", Environment.StateTableName, "--key", $"{{\"operation_id\":{{\"S\":\"{operationId}\"}}}}", "--consistent-read")!["Item"]!.AsObject();

        public JsonArray AuditItems(string operationId)
            => AwsCli.Json(Moto, "dynamodb", "query", "--table-name", Environment.AuditTableName, "--key-condition-expression", "operation_id = :id",
                "--expression-attribute-values", $"{{\":id\":{{\"S\":\"{operationId}\"}}}}")!["Items"]!.AsArray();

        /// <summary>The SNS messages that reached the SQS subscription: the SNS envelope's Message and MessageAttributes.</summary>
        public JsonObject[] Notifications()
        {
            var received = AwsCli.Json(Moto, "sqs", "receive-message", "--queue-url", QueueUrl, "--max-number-of-messages", "10", "--wait-time-seconds", "1");
            var messages = received?["Messages"]?.AsArray();
            return messages == null ? Array.Empty<JsonObject>() : messages.Select(m => JsonNode.Parse((string)m!["Body"]!)!.AsObject()).ToArray();
        }

    }
}
