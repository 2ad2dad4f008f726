using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Backups;
using AuroraRestore.Migrations;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Migrations;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// A moto-backed world for upgrade tests: installs a pipeline version with the real installer, seeds state and audit
    /// items, builds the upgrade engine on real clients (any of which a test may wrap), and reads effects back through
    /// the AWS CLI.
    /// </summary>
    public sealed class UpgradeTestBed : IDisposable
    {
        public const string Configuration = "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"orders-prod\",\"target_cluster_id\":\"orders-restore\",\"db_instance_class\":\"db.r6g.xlarge\"}";

        private readonly DirectoryInfo work;

        public UpgradeTestBed(MotoServer moto)
        {
            Moto = moto;
            Log = new RecordingLog();
            Aws = new AwsClients(TestContexts.For(moto, log: Log));
            work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ar-upgrade-" + Guid.NewGuid().ToString("N")));
            BackupFolder = Directory.CreateDirectory(Path.Combine(work.FullName, "backups")).FullName;
        }

        public MotoServer Moto { get; }

        public RecordingLog Log { get; }

        public AwsClients Aws { get; }

        public string BackupFolder { get; }

        /// <summary>A small zip standing in for a version's Lambda package; one per version, so each version deploys different code.</summary>
        public string Package(string version)
        {
            var zip = Path.Combine(work.FullName, $"aurora-restore-lambda-{version}.zip");
            if (!File.Exists(zip))
            {
                using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
                using var entry = new StreamWriter(archive.CreateEntry("pipeline-version.txt").Open(), Encoding.UTF8);
                entry.Write(version);
            }

            return zip;
        }

        /// <summary>Installs <paramref name="version"/> into a new environment with the configuration and seeded, settled items.</summary>
        public async Task<PipelineEnvironment> InstallAsync(string name, string version, int items = 12, int seed = 7)
        {
            var env = PipelineEnvironment.Named(name);
            await new PipelineInstaller(Aws, Log).InstallAsync(new InstallRequest(env, version, Package(version), Configuration), CancellationToken.None);
            if (items > 0)
            {
                var generator = new ItemGenerator(seed);
                var state = Enumerable.Range(0, items).Select(_ => Settled(version.StartsWith("1", StringComparison.Ordinal) ? generator.StateV1() : generator.StateV2())).ToList();
                var audit = Enumerable.Range(0, items * 2).Select(_ => version.StartsWith("1", StringComparison.Ordinal) ? generator.AuditV1() : generator.AuditV2()).ToList();
                CliItems.SeedWithSdk(Moto, env.StateTableName, state);
                CliItems.SeedWithSdk(Moto, env.AuditTableName, audit);
            }

            return env;
        }

        /// <summary>The engine's services on this bed's clients; a test may wrap CloudFormation or Lambda. The IAM simulator client has two attempts, as in production.</summary>
        public UpgradeServices Services(ICloudFormationClient? cloudFormation = null, AuroraRestore.Aws.Lambda.ILambdaClient? lambda = null, IStateBackupService? backups = null, TimeProvider? clock = null)
        {
            var simulator = new IamClient(TestContexts.For(Moto, log: Log).WithRetry(new AwsRetryPolicy(maxAttempts: 2)));
            return new UpgradeServices(
                cloudFormation ?? Aws.CloudFormation, lambda ?? Aws.Lambda, Aws.Iam, simulator, Aws.Sts, Aws.CloudWatch, Aws.DynamoDb, Aws.S3, Aws.Ssm,
                backups ?? new BackupService(Aws, Log),
                new RunnerStateMigrator(Aws.DynamoDb, Log, fixedParallelism: 2),
                MotoServer.DefaultRegion, customEndpoint: true, Log, clock, owned: simulator);
        }

        public static UpgradeOptions Options(string owner, Func<string, bool>? abandonAfter = null) => new UpgradeOptions
        {
            StackPollInterval = TimeSpan.FromMilliseconds(200),
            TablePollInterval = TimeSpan.FromMilliseconds(200),
            DrainPollInterval = TimeSpan.FromMilliseconds(200),
            Owner = owner,
            AbandonAfterStep = abandonAfter,
        };

        /// <summary>An owner on this host whose process does not exist: a runner that was killed.</summary>
        public static string DeadOwner(int n = 1) => $"test@{System.Environment.MachineName} {2_000_000_000 + n}";

        public UpgradeRequest Request(PipelineEnvironment env, string? target) => new UpgradeRequest(env, Package)
        {
            TargetVersion = target,
            BackupLocation = BackupLocation.Folder(BackupFolder),
        };

        public JsonNode? Cli(params string[] args) => AwsCli.Json(Moto, args);

        /// <summary>The control table's records of a partition, through the AWS CLI.</summary>
        public JsonArray ControlRecords(PipelineEnvironment env, string pk)
            => Cli("dynamodb", "query", "--table-name", env.ControlTableName, "--key-condition-expression", "pk = :pk", "--expression-attribute-values", "{\":pk\":{\"S\":\"" + pk + "\"}}", "--consistent-read")!["Items"]!.AsArray();

        public JsonNode? ControlRecord(PipelineEnvironment env, string pk, string sk)
            => Cli("dynamodb", "get-item", "--table-name", env.ControlTableName, "--key", "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"}}", "--consistent-read")?["Item"];

        public void Dispose()
        {
            Aws.Dispose();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }

        private static Dictionary<string, AttributeValue> Settled(Dictionary<string, AttributeValue> item)
        {
            // The upgrade refuses while restores are in progress (completed = false): seed ended operations only.
            item["completed"] = new AttributeValue { BOOL = true };
            return item;
        }
    }
}
