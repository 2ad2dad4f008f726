using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3.Model;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// The fault proxy itself: faithful when it injects nothing (S3 path-style included), every fault kind in every
    /// protocol is one the module's clients recognise and retry, and the module counts exactly the retries the faults
    /// caused. Effects are read from moto directly (the AWS CLI), never back through the proxy.
    /// </summary>
    public sealed class FaultProxyTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public FaultProxyTests(MotoServer moto) => this.moto = moto;

        internal static AwsContext Through(FaultProxy proxy, AwsRetryPolicy? retry = null, Common.IOperationLog? log = null)
            => AwsContext.Resolve(MotoServer.DefaultRegion, null, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey), proxy.Endpoint, log, retry ?? new AwsRetryPolicy(baseDelay: TimeSpan.FromMilliseconds(5), maxDelay: TimeSpan.FromMilliseconds(100)));

        [Fact]
        public async Task With_no_faults_S3_objects_go_through_path_style_byte_for_byte()
        {
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 0 });
            using var aws = new AwsClients(Through(proxy));
            var body = Encoding.UTF8.GetBytes("{\"zoë\":\"🚀\"}\n" + new string('x', 70_000));
            await aws.S3.PutBucketAsync(new PutBucketRequest { BucketName = "proxy-objects" });
            await aws.S3.PutObjectAsync(new PutObjectRequest { BucketName = "proxy-objects", Key = "a/b c.json", InputStream = new MemoryStream(body) });
            var head = await aws.S3.GetObjectMetadataAsync("proxy-objects", "a/b c.json");
            using var got = await aws.S3.GetObjectAsync("proxy-objects", "a/b c.json");
            using var read = new MemoryStream();
            await got.ResponseStream.CopyToAsync(read);

            Assert.Equal(body.Length, head.ContentLength);
            Assert.Equal(body, read.ToArray());
            var file = Path.Combine(Path.GetTempPath(), "ar-proxy-" + Guid.NewGuid().ToString("N"));
            try
            {
                AwsCli.Run(moto, "s3api", "get-object", "--bucket", "proxy-objects", "--key", "a/b c.json", file);
                Assert.Equal(body, File.ReadAllBytes(file));
            }
            finally
            {
                File.Delete(file);
            }

            Assert.Empty(proxy.Faults);
            Assert.True(proxy.Requests >= 4);
        }

        [Theory]
        [InlineData(FaultKind.Throttle)]
        [InlineData(FaultKind.ServerError)]
        [InlineData(FaultKind.DropBeforeForward)]
        public async Task Every_protocol_retries_each_fault_once_and_counts_it(FaultKind kind)
        {
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 0.3, Seed = 42 + (int)kind, Kinds = new[] { kind } });
            var retry = new AwsRetryPolicy(maxAttempts: 12, baseDelay: TimeSpan.FromMilliseconds(2), maxDelay: TimeSpan.FromMilliseconds(20));
            using var aws = new AwsClients(Through(proxy, retry));

            // Until every service has met the fault at least twice (bounded: at 30% that takes a handful of rounds; the SDK backs off longer after throttling than our policy does).
            for (var round = 0; round < 40 && proxy.Faults.GroupBy(f => f.Service).Count(g => g.Count() >= 2) < 6; round++)
            {
                await aws.CloudFormation.DescribeStacksAsync(CancellationToken.None);          // Query / XML
                await aws.Lambda.GetFunctionConfigurationAsync("no-such-function", null, CancellationToken.None); // REST-JSON (a 404 is an answer, not a fault)
                await aws.Sts.GetCallerIdentityAsync(CancellationToken.None);                   // Query, another service
                await aws.DynamoDb.ListTablesAsync(new ListTablesRequest());                    // SDK, JSON 1.0
                await aws.Ssm.DescribeParametersAsync(new Amazon.SimpleSystemsManagement.Model.DescribeParametersRequest()); // SDK, JSON 1.1
                await aws.S3.ListBucketsAsync();                                                // SDK, REST-XML
            }

            var services = proxy.Faults.Select(f => f.Service).Distinct().OrderBy(s => s).ToList();
            Assert.True(proxy.Faults.Count >= 12, proxy.Summary());
            Assert.All(proxy.Faults, f => Assert.Equal(kind, f.Kind));
            Assert.Equal(new[] { "cloudformation", "dynamodb", "lambda", "s3", "ssm", "sts" }, services);
            if (kind == FaultKind.DropBeforeForward)
            {
                // .NET's SocketsHttpHandler itself re-sends a request whose connection died before any answer (up to three
                // times, on a new connection) before the client's retry loop sees the failure: some drops are absorbed there.
                Assert.InRange(retry.Retries, 1, proxy.RetryingFaults);
            }
            else
            {
                Assert.Equal(proxy.RetryingFaults, retry.Retries);
            }
        }

        [Fact]
        public async Task A_partial_batch_writes_only_the_forwarded_items_and_answers_the_rest_as_unprocessed()
        {
            CliTable("proxy-batch");
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 1, Seed = 3, Kinds = new[] { FaultKind.PartialBatch } });
            using var aws = new AwsClients(Through(proxy));
            var writes = Enumerable.Range(0, 10).Select(i => new WriteRequest { PutRequest = new PutRequest { Item = new Dictionary<string, AttributeValue> { ["operation_id"] = new AttributeValue { S = "op-" + i } } } }).ToList();

            var answer = await aws.DynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { ["proxy-batch"] = writes } });

            var unprocessed = answer.UnprocessedItems["proxy-batch"].Select(w => w.PutRequest.Item["operation_id"].S).ToHashSet();
            var stored = AwsCli.Json(moto, "dynamodb", "scan", "--table-name", "proxy-batch")!["Items"]!.AsArray().Select(i => (string)i!["operation_id"]!["S"]!).ToHashSet();
            Assert.InRange(unprocessed.Count, 1, 9);
            Assert.Equal(10, unprocessed.Count + stored.Count);
            Assert.Empty(unprocessed.Intersect(stored));
            Assert.Equal(1, proxy.Count(FaultKind.PartialBatch));
        }

        [Fact]
        public async Task Requests_dropped_after_they_reached_moto_take_effect_once_and_the_same_seed_drops_the_same_requests()
        {
            CliTable("proxy-after");
            var seen = new List<string>();
            for (var run = 0; run < 2; run++)
            {
                using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 0.4, Seed = 9, Kinds = new[] { FaultKind.DropAfterForward, FaultKind.Slow }, SlowDelay = TimeSpan.FromMilliseconds(20) });
                using var aws = new AwsClients(Through(proxy));
                for (var i = 0; i < 12; i++)
                {
                    await aws.DynamoDb.PutItemAsync(new PutItemRequest { TableName = "proxy-after", Item = new Dictionary<string, AttributeValue> { ["operation_id"] = new AttributeValue { S = $"op-{run}-{i}" } } });
                }

                seen.Add(string.Join(",", proxy.Faults));
                Assert.True(proxy.Count(FaultKind.DropAfterForward) > 0, proxy.Summary());
                Assert.InRange(aws.Context.Retry.Retries, 0, proxy.Count(FaultKind.DropAfterForward));
            }

            Assert.Equal(seen[0], seen[1]);
            Assert.Equal(24, AwsCli.Json(moto, "dynamodb", "scan", "--table-name", "proxy-after", "--select", "COUNT")!["Count"]!.GetValue<int>());
        }

        private void CliTable(string name)
            => AwsCli.Run(moto, "dynamodb", "create-table", "--table-name", name, "--billing-mode", "PAY_PER_REQUEST", "--attribute-definitions", "AttributeName=operation_id,AttributeType=S", "--key-schema", "AttributeName=operation_id,KeyType=HASH");
    }
}
