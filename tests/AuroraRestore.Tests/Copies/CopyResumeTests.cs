using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Copies;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Migrations;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Copies
{
    /// <summary>
    /// Copy-RestorePipeline -IncludeState stopped by StateCopyThrottled (DynamoDB kept leaving items unprocessed) is
    /// finished by running the same copy again. moto never throttles: a DynamoDB client with a hook in front of
    /// BatchWriteItem leaves every item of the audit table unprocessed in the first run. Effects are read through the
    /// AWS CLI (stacks, configuration) and a raw SDK client (items and the copy record).
    /// </summary>
    public sealed class CopyResumeTests : IClassFixture<MotoServer>, IDisposable
    {
        private const string Configuration = "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"orders-prod\",\"target_cluster_id\":\"orders-refresh\"}";
        private static readonly Func<TimeSpan, CancellationToken, Task> NoWait = (_, _) => Task.CompletedTask;
        private readonly MotoServer moto;
        private readonly string work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ar-copy-" + Guid.NewGuid().ToString("N").Substring(0, 8))).FullName;
        private readonly string package;
        private readonly IAmazonDynamoDB raw;

        public CopyResumeTests(MotoServer moto)
        {
            this.moto = moto;
            package = Path.Combine(work, "lambda.zip");
            using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
            {
                using var writer = new StreamWriter(zip.CreateEntry("pipeline-version.txt").Open());
                writer.Write("copy tests");
            }

            raw = TestContexts.For(moto).CreateDynamoDb();
        }

        public void Dispose()
        {
            raw.Dispose();
            Directory.Delete(work, recursive: true);
        }

        [Fact]
        public async Task A_copy_stopped_by_StateCopyThrottled_is_finished_by_running_the_same_copy_again()
        {
            var source = PipelineEnvironment.Named("cpsrc");
            var target = PipelineEnvironment.Named("cptgt");
            using var aws = new AwsClients(TestContexts.For(moto));
            await new PipelineInstaller(aws, NullOperationLog.Instance).InstallAsync(new InstallRequest(source, "1.0.0", package, Configuration), CancellationToken.None);
            await SeedAsync(source.StateTableName, Enumerable.Range(0, 40).Select(StateItem));
            await SeedAsync(source.AuditTableName, Enumerable.Range(0, 30).Select(AuditItem));

            // First run: DynamoDB leaves every audit item unprocessed, so the copy gives up after its retries.
            var (throttling, hooks) = InterceptingDynamoDb.Wrap(TestContexts.For(moto).CreateDynamoDb());
            var refusedBatches = 0;
            hooks.BatchWriteItem = (request, call) =>
            {
                if (!request.RequestItems.ContainsKey(target.AuditTableName))
                {
                    return call(request);
                }

                Interlocked.Increment(ref refusedBatches);
                return Task.FromResult(new BatchWriteItemResponse { UnprocessedItems = request.RequestItems });
            };
            var throttled = new PipelineCopier(aws, NullOperationLog.Instance, itemClient: throttling, delay: NoWait);
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => throttled.CopyAsync(Request(source, target, anonymize: true), CancellationToken.None));
            Assert.Equal("StateCopyThrottled", error.ErrorId);
            Assert.Equal(FailureCategory.LimitsExceeded, error.Category);
            Assert.Contains("Run the same Copy-RestorePipeline again", error.RecommendedAction, StringComparison.Ordinal);
            Assert.True(refusedBatches > 20);
            Assert.Equal(40, Count(target.StateTableName));
            Assert.Equal(0, Count(target.AuditTableName));
            var record = CopyRecordSeen(target);
            Assert.Equal("in_progress", record["status"].S);
            Assert.Equal("cpsrc", record["source"].S);

            // Run again with other options: refused before anything changes, naming what differs.
            var copier = new PipelineCopier(aws, NullOperationLog.Instance, delay: NoWait);
            foreach (var other in new[] { Request(source, target, anonymize: false), Request(source, target, anonymize: false, includeState: false) })
            {
                var mismatch = await Assert.ThrowsAsync<AuroraRestoreException>(() => copier.ValidateAsync(other, CancellationToken.None));
                Assert.Equal("CopyResumeMismatch", mismatch.ErrorId);
                Assert.Equal(FailureCategory.InvalidArgument, mismatch.Category);
                Assert.Contains("-Anonymize", mismatch.Message + mismatch.RecommendedAction, StringComparison.Ordinal);
            }

            Assert.Equal("1", CopyRecordSeen(target)["attempts"].N);

            // The same copy again: checked, then finished without installing anew.
            var stacksBefore = StackIds();
            await copier.ValidateAsync(Request(source, target, anonymize: true), CancellationToken.None);
            var (state, audit) = await copier.CopyAsync(Request(source, target, anonymize: true), CancellationToken.None);

            Assert.Equal((40, 30), (state, audit));
            Assert.Equal(stacksBefore, StackIds());
            Assert.Equal(40, Count(target.StateTableName));
            Assert.Equal(30, Count(target.AuditTableName));
            var finished = CopyRecordSeen(target);
            Assert.Equal("complete", finished["status"].S);
            Assert.Equal("2", finished["attempts"].N);
            Assert.Equal("30", finished["audit_items"].N);

            // Anonymised in one go: every state item's cluster has the pseudonym its audit events carry (the second run's key).
            var clusters = Scan(target.StateTableName).Select(i => i["state"].M["source_cluster_id"].S).Distinct().ToList();
            var auditClusters = Scan(target.AuditTableName).Select(i => i["details"].M["source_cluster_id"].S).Distinct().ToList();
            var pseudonym = Assert.Single(clusters);
            Assert.StartsWith("anon-cluster-", pseudonym, StringComparison.Ordinal);
            Assert.Equal(pseudonym, Assert.Single(auditClusters));
            var configuration = JsonNode.Parse((string)AwsCli.Json(moto, "ssm", "get-parameter", "--name", target.ConfigurationParameterName)!["Parameter"]!["Value"]!)!;
            Assert.Equal("cptgt-restored", (string?)configuration["target_cluster_id"]);

            // A finished copy is not run again: the target now simply has a pipeline.
            var again = await Assert.ThrowsAsync<AuroraRestoreException>(() => copier.ValidateAsync(Request(source, target, anonymize: true), CancellationToken.None));
            Assert.Equal("PipelineAlreadyInstalled", again.ErrorId);
        }

        private CopyRequest Request(PipelineEnvironment source, PipelineEnvironment target, bool anonymize, bool includeState = true)
        {
            var request = new CopyRequest(source, target) { IncludeState = includeState, Anonymize = anonymize, LambdaPackagePath = package };
            request.ConfigurationOverrides["target_cluster_id"] = JsonValue.Create(target.Name + "-restored");
            return request;
        }

        private Dictionary<string, AttributeValue> CopyRecordSeen(PipelineEnvironment target)
            => raw.GetItemAsync(new GetItemRequest
            {
                TableName = target.ControlTableName,
                ConsistentRead = true,
                Key = new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = "copy" }, ["sk"] = new AttributeValue { S = "current" } },
            }).GetAwaiter().GetResult().Item;

        private string StackIds()
            => string.Join(",", AwsCli.Json(moto, "cloudformation", "describe-stacks")!["Stacks"]!.AsArray().Select(s => (string)s!["StackId"]!).OrderBy(s => s, StringComparer.Ordinal));

        private int Count(string table) => Scan(table).Count;

        private List<Dictionary<string, AttributeValue>> Scan(string table)
            => raw.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true }).GetAwaiter().GetResult().Items;

        private async Task SeedAsync(string table, IEnumerable<Dictionary<string, AttributeValue>> items)
        {
            foreach (var batch in items.Chunk(25))
            {
                await raw.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = batch.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i } }).ToList() },
                });
            }
        }

        private static Dictionary<string, AttributeValue> StateItem(int i) => new Dictionary<string, AttributeValue>
        {
            ["operation_id"] = new AttributeValue { S = "op-" + i.ToString("D12", CultureInfo.InvariantCulture) },
            ["status"] = new AttributeValue { S = "completed" },
            ["completed"] = new AttributeValue { BOOL = true },
            ["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["source_cluster_id"] = new AttributeValue { S = "orders-prod" } } },
        };

        private static Dictionary<string, AttributeValue> AuditItem(int i) => new Dictionary<string, AttributeValue>
        {
            ["operation_id"] = new AttributeValue { S = "op-" + (i % 40).ToString("D12", CultureInfo.InvariantCulture) },
            ["timestamp"] = new AttributeValue { S = "2026-11-25T10:00:" + (i % 60).ToString("D2", CultureInfo.InvariantCulture) + ".000Z" },
            ["step"] = new AttributeValue { S = "copy-snapshot" },
            ["details"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["source_cluster_id"] = new AttributeValue { S = "orders-prod" } } },
        };
    }
}
