using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws;
using AuroraRestore.Pipelines;
using AuroraRestore.State;
using AuroraRestore.Tests.Support;
using AuroraRestore.Versions;

namespace AuroraRestore.Tests.Backups
{
    /// <summary>
    /// A moto server shared by a test class, in which each test installs its own pipeline environment with the real
    /// installer, gives the main stack a NoEcho secret (as an operator would), stores a configuration and seeds items.
    /// Tests observe effects through the AWS CLI and a raw SDK client, never through the backup service's own reads.
    /// </summary>
    public sealed class BackupWorld : IDisposable
    {
        /// <summary>The main stack's NoEcho ChatOpsWebhookUrl: must never appear in a set, an output or the log.</summary>
        public const string Secret = "https://chat.example.invalid/hooks/T0BACKUP/B0BACKUP/never-export-this-value";

        public const string Configuration = "{\n  \"format_version\": 1,\n  \"source_region\": \"us-east-1\",\n  \"source_cluster_id\": \"orders-prod\",\n  \"target_cluster_id\": \"orders-refresh\"\n}";

        private readonly string package;

        public BackupWorld()
        {
            Moto = new MotoServer();
            Work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ar-backup-" + Guid.NewGuid().ToString("N").Substring(0, 8))).FullName;
            package = Path.Combine(Work, "package.zip");
            using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
            {
                using var writer = new StreamWriter(zip.CreateEntry("pipeline-version.txt").Open());
                writer.Write("backup tests");
            }

            Raw = TestContexts.For(Moto).CreateDynamoDb();
        }

        public MotoServer Moto { get; }

        public string Work { get; }

        /// <summary>A DynamoDB client of the tests' own: the second path for items.</summary>
        public IAmazonDynamoDB Raw { get; }

        public AwsClients Clients(RecordingLog log) => new AwsClients(TestContexts.For(Moto, log: log));

        /// <summary>Installs version 2.0.0 (the state table has StatusIndex) as <paramref name="name"/> and seeds items.</summary>
        public PipelineEnvironment Install(string name, int stateItems = 30, int auditItems = 45)
        {
            var env = PipelineEnvironment.Named(name);
            using (var aws = new AwsClients(TestContexts.For(Moto)))
            {
                new PipelineInstaller(aws, aws.Context.Log).InstallAsync(new InstallRequest(env, "2.0.0", package, Configuration), CancellationToken.None).GetAwaiter().GetResult();
            }

            // The operator's webhook: every other parameter keeps its value.
            var parameters = new JsonArray();
            var stack = AwsCli.Json(Moto, "cloudformation", "describe-stacks", "--stack-name", env.MainStackName)!["Stacks"]![0]!;
            foreach (var parameter in stack["Parameters"]!.AsArray())
            {
                var key = (string)parameter!["ParameterKey"]!;
                parameters.Add(key == PipelineStackParameters.ChatOpsWebhookUrl
                    ? new JsonObject { ["ParameterKey"] = key, ["ParameterValue"] = Secret }
                    : new JsonObject { ["ParameterKey"] = key, ["UsePreviousValue"] = true });
            }

            AwsCli.Run(Moto, "cloudformation", "update-stack", "--stack-name", env.MainStackName, "--use-previous-template", "--parameters", parameters.ToJsonString(), "--capabilities", "CAPABILITY_NAMED_IAM");
            Seed(env.StateTableName, Enumerable.Range(0, stateItems).Select(i => StateItem(i, "completed")));
            Seed(env.AuditTableName, Enumerable.Range(0, auditItems).Select(AuditItem));
            return env;
        }

        public static Dictionary<string, AttributeValue> StateItem(int i, string status) => new Dictionary<string, AttributeValue>
        {
            ["operation_id"] = new AttributeValue { S = "op-" + i.ToString("D6", CultureInfo.InvariantCulture) },
            ["status"] = new AttributeValue { S = status },
            ["updated_at"] = new AttributeValue { S = "2026-11-" + (1 + (i % 28)).ToString("D2", CultureInfo.InvariantCulture) + "T10:00:00.000Z" },
            ["completed"] = new AttributeValue { BOOL = status == "completed" },
            ["retry_count"] = new AttributeValue { N = (i % 4).ToString(CultureInfo.InvariantCulture) },
            ["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["step"] = new AttributeValue { S = "verify-restore" }, ["hosts"] = new AttributeValue { L = new List<AttributeValue> { new AttributeValue { S = "a" }, new AttributeValue { N = "1.50" } } } } },
        };

        public static Dictionary<string, AttributeValue> AuditItem(int i) => new Dictionary<string, AttributeValue>
        {
            ["operation_id"] = new AttributeValue { S = "op-" + (i / 3).ToString("D6", CultureInfo.InvariantCulture) },
            ["timestamp"] = new AttributeValue { S = "2026-11-25T10:00:" + (i % 60).ToString("D2", CultureInfo.InvariantCulture) + ".000Z" },
            ["step"] = new AttributeValue { S = "copy-snapshot" },
            ["status"] = new AttributeValue { S = "succeeded" },
            ["details"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["n"] = new AttributeValue { N = i.ToString(CultureInfo.InvariantCulture) } } },
        };

        public void Seed(string table, IEnumerable<Dictionary<string, AttributeValue>> items)
        {
            foreach (var batch in items.Chunk(25))
            {
                Raw.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = batch.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i } }).ToList() },
                }).GetAwaiter().GetResult();
            }
        }

        /// <summary>Every item of a table, read by the tests' own client.</summary>
        public List<Dictionary<string, AttributeValue>> Items(string table)
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = Raw.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = start }).GetAwaiter().GetResult();
                items.AddRange(page.Items);
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return items;
        }

        /// <summary>The items as the AWS CLI scans them, one canonical JSON line each, sorted: equal sets compare equal.</summary>
        public List<string> CliItems(string table)
            => AwsCli.Json(Moto, "dynamodb", "scan", "--table-name", table, "--consistent-read")!["Items"]!.AsArray()
                .Select(i => Canonical(i!)).OrderBy(s => s, StringComparer.Ordinal).ToList();

        public void Dispose()
        {
            Raw.Dispose();
            Moto.Dispose();
            try
            {
                Directory.Delete(Work, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }

        private static string Canonical(JsonNode node) => node switch
        {
            JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => "\"" + p.Key + "\":" + Canonical(p.Value!))) + "}",
            JsonArray array => "[" + string.Join(",", array.Select(n => Canonical(n!))) + "]",
            _ => node.ToJsonString(),
        };
    }
}
