using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Migrations;
using AuroraRestore.State;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>
    /// The runner against moto, every effect checked through the AWS CLI: migrations up and down, idempotence,
    /// failures that change nothing, concurrent writers, unprocessed batch items, interrupted and split runs.
    /// Each test uses its own tables, so they share one server.
    /// </summary>
    public sealed class MigrationRunnerTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public MigrationRunnerTests(MotoServer moto) => this.moto = moto;

        private static ItemMigration Migration(string from, string to, MigrationTable table = MigrationTable.State, bool guardEveryWrite = false)
            => new ItemMigration(MigrationCatalog.Default.PathBetween(from, to), table, guardEveryWrite);

        [Fact]
        public async Task A_table_seeded_through_the_CLI_goes_to_3_and_back_to_1_exactly()
        {
            var generator = new ItemGenerator(2026);
            var state = Enumerable.Range(0, 60).Select(_ => generator.StateV1()).ToList();
            var audit = Enumerable.Range(0, 40).Select(_ => generator.AuditV1()).ToList();
            CliItems.CreateTable(moto, "State-roundtrip");
            CliItems.CreateTable(moto, "Audit-roundtrip", withRange: true);
            CliItems.Seed(moto, "State-roundtrip", state);
            CliItems.Seed(moto, "Audit-roundtrip", audit);
            var originalState = CliItems.Scan(moto, "State-roundtrip");
            var originalAudit = CliItems.Scan(moto, "Audit-roundtrip");
            Assert.Equal(60, originalState.Count);

            using var db = TestContexts.For(moto).CreateDynamoDb();
            var control = await Control(db, "Control-roundtrip");
            var runner = new MigrationRunner(db, control, NullOperationLog.Instance);
            var up = await runner.RunAsync("State-roundtrip", Migration("1.0.0", "3.0.0"), new MigrationRunnerOptions(), CancellationToken.None);
            await runner.RunAsync("Audit-roundtrip", Migration("1.0.0", "3.0.0", MigrationTable.Audit), new MigrationRunnerOptions(), CancellationToken.None);

            Assert.Equal((60, 60, 0, 0), (up.ItemsRead, up.ItemsChanged, up.ItemsSkipped, up.ItemsFailed));
            Assert.True(up.Completed);
            var v3 = CliItems.Scan(moto, "State-roundtrip");
            Assert.Equal(CliItems.ByKey(originalState).Keys.OrderBy(k => k), CliItems.ByKey(v3).Keys.OrderBy(k => k));
            Assert.All(v3, item => Assert.Equal("3", item["format_version"].N));
            Assert.All(v3, item => Assert.NotNull(item["step_history"].L));
            Assert.All(CliItems.Scan(moto, "Audit-roundtrip"), item => Assert.Equal("3", item["format_version"].N));
            Assert.Equal(TableChecksum.Of(v3).ToString(), up.ChecksumAfter);
            Assert.Equal(TableChecksum.Of(originalState).ToString(), up.ChecksumBefore);

            var down = await runner.RunAsync("State-roundtrip", Migration("3.0.0", "1.0.0"), new MigrationRunnerOptions(), CancellationToken.None);
            await runner.RunAsync("Audit-roundtrip", Migration("3.0.0", "1.0.0", MigrationTable.Audit), new MigrationRunnerOptions(), CancellationToken.None);

            var backState = CliItems.Scan(moto, "State-roundtrip");
            var backAudit = CliItems.Scan(moto, "Audit-roundtrip");
            Assert.Equal(TableChecksum.Of(originalState), TableChecksum.Of(backState));
            Assert.Equal(TableChecksum.Of(originalAudit), TableChecksum.Of(backAudit));
            var byKey = CliItems.ByKey(backState);
            foreach (var original in CliItems.ByKey(originalState))
            {
                ItemAssert.Equal(original.Value, byKey[original.Key], original.Key);
            }

            Assert.Equal(TableChecksum.Of(originalState).ToString(), down.ChecksumAfter);
            Assert.Empty(CliItems.Scan(moto, "Control-roundtrip")); // checkpoints removed once complete
        }

        [Fact]
        public async Task A_second_run_changes_nothing()
        {
            var generator = new ItemGenerator(77);
            CliItems.CreateTable(moto, "State-idempotent");
            CliItems.SeedWithSdk(moto, "State-idempotent", Enumerable.Range(0, 30).Select(_ => generator.StateV1()).ToList());
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var runner = new MigrationRunner(db, await Control(db, "Control-idempotent"), NullOperationLog.Instance);
            await runner.RunAsync("State-idempotent", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions(), CancellationToken.None);
            var afterFirst = TableChecksum.Of(CliItems.Scan(moto, "State-idempotent"));

            var second = await runner.RunAsync("State-idempotent", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions(), CancellationToken.None);

            Assert.Equal((30, 0, 30, 0), (second.ItemsRead, second.ItemsChanged, second.ItemsSkipped, second.ItemsFailed));
            Assert.Equal(second.ChecksumBefore, second.ChecksumAfter);
            Assert.Equal(afterFirst, TableChecksum.Of(CliItems.Scan(moto, "State-idempotent")));
        }

        [Fact]
        public async Task An_item_of_an_unexpected_format_is_reported_and_left_as_it_was()
        {
            var generator = new ItemGenerator(5);
            var items = Enumerable.Range(0, 10).Select(_ => generator.StateV1()).ToList();
            var stranger = generator.StateV3();
            items.Add(stranger);
            CliItems.CreateTable(moto, "State-unexpected");
            CliItems.SeedWithSdk(moto, "State-unexpected", items);
            var strangerBefore = CliItems.ByKey(CliItems.Scan(moto, "State-unexpected"))[stranger["operation_id"].S];
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var failures = new ConcurrentBag<MigrationItemFailure>();

            var result = await new MigrationRunner(db, null, NullOperationLog.Instance).RunAsync(
                "State-unexpected", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions { ItemFailed = failures.Add }, CancellationToken.None);

            Assert.Equal((11, 10, 0, 1), (result.ItemsRead, result.ItemsChanged, result.ItemsSkipped, result.ItemsFailed));
            var failure = Assert.Single(failures);
            Assert.Equal("UnexpectedItemFormat", failure.ErrorId);
            Assert.Contains(stranger["operation_id"].S, failure.Key);
            var after = CliItems.ByKey(CliItems.Scan(moto, "State-unexpected"));
            ItemAssert.Equal(strangerBefore, after[stranger["operation_id"].S], "the v3 item");
            Assert.Equal(10, after.Values.Count(i => i.TryGetValue("format_version", out var f) && f.N == "2"));
        }

        [Fact]
        public async Task A_missing_table_is_refused_before_anything_changes()
        {
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var tablesBefore = AwsCli.Json(moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Count;
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new MigrationRunner(db, new ControlTable(db, "Control-none"), NullOperationLog.Instance)
                .RunAsync("No-such-table", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions(), CancellationToken.None));
            Assert.Equal("MigrationTableNotFound", error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
            Assert.Equal("No-such-table", error.Target);
            Assert.Equal(tablesBefore, AwsCli.Json(moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Count);
        }

        [Theory]
        [InlineData(4, null, null, "InvalidMigrationSegment")]
        [InlineData(4, 4, null, "InvalidMigrationSegment")]
        [InlineData(-1, 4, null, "InvalidMigrationSegment")]
        [InlineData(null, 0, null, "InvalidMigrationSegment")]
        [InlineData(null, null, 0.0, "InvalidMaxWriteRate")]
        [InlineData(null, null, -5.0, "InvalidMaxWriteRate")]
        public async Task Bad_options_are_refused_before_anything_is_read(int? segment, int? total, double? rate, string errorId)
        {
            var (client, hooks) = InterceptingDynamoDb.Wrap(TestContexts.For(moto).CreateDynamoDb());
            var scans = 0;
            hooks.BeforeScan = _ => scans++;
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new MigrationRunner(client, null, NullOperationLog.Instance)
                .RunAsync("Any", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions { Segment = segment, TotalSegments = total, MaxWriteRate = rate }, CancellationToken.None));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.Equal(0, scans);
        }

        [Fact]
        public async Task A_dry_run_counts_and_samples_but_writes_nothing()
        {
            var generator = new ItemGenerator(8);
            CliItems.CreateTable(moto, "State-dry");
            CliItems.SeedWithSdk(moto, "State-dry", Enumerable.Range(0, 20).Select(_ => generator.StateV1()).ToList());
            var before = TableChecksum.Of(CliItems.Scan(moto, "State-dry"));
            using var db = TestContexts.For(moto).CreateDynamoDb();

            var result = await new MigrationRunner(db, await Control(db, "Control-dry"), NullOperationLog.Instance)
                .RunAsync("State-dry", Migration("1.0.0", "3.0.0"), new MigrationRunnerOptions { DryRun = true, SampleSize = 3 }, CancellationToken.None);

            Assert.True(result.DryRun);
            Assert.Equal((20, 20), (result.ItemsRead, result.ItemsChanged));
            Assert.Equal(3, result.Samples.Count);
            Assert.Contains("\"format_version\":{\"N\":\"3\"}", result.Samples[0].After);
            Assert.DoesNotContain("format_version", result.Samples[0].Before);
            Assert.Equal(before, TableChecksum.Of(CliItems.Scan(moto, "State-dry")));
            Assert.NotEqual(result.ChecksumBefore, result.ChecksumAfter);
            Assert.Empty(CliItems.Scan(moto, "Control-dry"));
        }

        [Fact]
        public async Task A_concurrent_update_is_never_overwritten_by_a_stale_copy()
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = "op-00000000c0de" },
                ["status"] = new AttributeValue { S = "in_progress" },
                ["completed"] = new AttributeValue { BOOL = false },
                ["timestamp"] = new AttributeValue { S = "2026-11-25T10:00:00.000Z" },
                ["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["step"] = new AttributeValue { S = "restore-snapshot" } } },
            };
            CliItems.CreateTable(moto, "State-concurrent");
            CliItems.SeedWithSdk(moto, "State-concurrent", new[] { item });
            using var raw = TestContexts.For(moto).CreateDynamoDb();
            var (client, hooks) = InterceptingDynamoDb.Wrap(TestContexts.For(moto).CreateDynamoDb());
            var interfered = 0;
            hooks.BeforePutItem = async (request, token) =>
            {
                if (request.TableName == "State-concurrent" && Interlocked.Exchange(ref interfered, 1) == 0)
                {
                    // The 1.0 pipeline finishes its step between the runner's read and its write.
                    await raw.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = "State-concurrent",
                        Key = new Dictionary<string, AttributeValue> { ["operation_id"] = item["operation_id"] },
                        UpdateExpression = "SET #s = :s, #t = :t, #st.#step = :step",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = "status", ["#t"] = "timestamp", ["#st"] = "state", ["#step"] = "step" },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                        {
                            [":s"] = new AttributeValue { S = "completed" },
                            [":t"] = new AttributeValue { S = "2026-11-25T10:05:00.000Z" },
                            [":step"] = new AttributeValue { S = "sns-notification" },
                        },
                    }, token);
                }
            };

            var result = await new MigrationRunner(client, null, NullOperationLog.Instance)
                .RunAsync("State-concurrent", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions(), CancellationToken.None);

            Assert.Equal(1, interfered);
            Assert.True(result.ConcurrentUpdates >= 1);
            Assert.Equal(1, result.ItemsChanged);
            var stored = Assert.Single(CliItems.Scan(moto, "State-concurrent"));
            Assert.Equal("completed", stored["status"].S);
            Assert.Equal("2026-11-25T10:05:00.000Z", stored["timestamp"].S);
            Assert.Equal("sns-notification", stored["state"].M["step"].S);
            Assert.Equal("2", stored["format_version"].N);
            Assert.Equal("2026-11-25T10:05:00.000Z", stored["updated_at"].S);
        }

        [Fact]
        public async Task Unprocessed_batch_items_are_retried_until_written()
        {
            var generator = new ItemGenerator(31);
            var items = Enumerable.Range(0, 60).Select(_ => { var i = generator.AuditV1(); return i; }).ToList();
            CliItems.CreateTable(moto, "Audit-unprocessed", withRange: true);
            CliItems.SeedWithSdk(moto, "Audit-unprocessed", items);
            var (client, hooks) = InterceptingDynamoDb.Wrap(TestContexts.For(moto).CreateDynamoDb());
            var throttled = 0;
            hooks.BatchWriteItem = async (request, real) =>
            {
                var writes = request.RequestItems["Audit-unprocessed"];
                if (writes.Count < 2 || Interlocked.Increment(ref throttled) > 4)
                {
                    return await real(request);
                }

                // DynamoDB under pressure: it takes half the batch and hands the rest back.
                var taken = writes.Take(writes.Count / 2).ToList();
                await real(new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { ["Audit-unprocessed"] = taken } });
                return new BatchWriteItemResponse { UnprocessedItems = new Dictionary<string, List<WriteRequest>> { ["Audit-unprocessed"] = writes.Skip(taken.Count).ToList() } };
            };

            var result = await new MigrationRunner(client, null, NullOperationLog.Instance)
                .RunAsync("Audit-unprocessed", Migration("1.0.0", "2.0.0", MigrationTable.Audit), new MigrationRunnerOptions(), CancellationToken.None);

            Assert.True(result.WriteRetries >= 4, $"retries: {result.WriteRetries}");
            Assert.Equal(60, result.ItemsChanged);
            var stored = CliItems.Scan(moto, "Audit-unprocessed");
            Assert.Equal(60, stored.Count);
            Assert.All(stored, i => Assert.Equal("2", i["format_version"].N));
        }

        [Fact]
        public async Task An_interrupted_run_resumes_from_its_checkpoints_and_ends_like_an_uninterrupted_one()
        {
            var generator = new ItemGenerator(404);
            var items = Enumerable.Range(0, 120).Select(_ => generator.StateV1()).ToList();
            CliItems.CreateTable(moto, "State-interrupted");
            CliItems.CreateTable(moto, "State-uninterrupted");
            CliItems.SeedWithSdk(moto, "State-interrupted", items);
            CliItems.SeedWithSdk(moto, "State-uninterrupted", items);
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var control = await Control(db, "Control-interrupted");
            var runner = new MigrationRunner(db, control, NullOperationLog.Instance);
            using var stop = new CancellationTokenSource();
            var saved = 0;
            var options = new MigrationRunnerOptions { PageSize = 10, TotalSegments = 2, FixedParallelism = 4, CheckpointSaved = _ => { if (Interlocked.Increment(ref saved) == 3) stop.Cancel(); } };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync("State-interrupted", Migration("1.0.0", "2.0.0"), options, stop.Token));
            var checkpoints = CliItems.Scan(moto, "Control-interrupted");
            Assert.NotEmpty(checkpoints);
            Assert.Contains(checkpoints, c => c.ContainsKey("last_key"));
            var migratedBefore = CliItems.Scan(moto, "State-interrupted").Count(i => i.ContainsKey("format_version"));
            Assert.InRange(migratedBefore, 1, 119);

            var resumed = await runner.RunAsync("State-interrupted", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions { PageSize = 10 }, CancellationToken.None);
            await runner.RunAsync("State-uninterrupted", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions(), CancellationToken.None);

            Assert.True(resumed.SegmentsResumed >= 1);
            Assert.Equal(2, resumed.TotalSegments); // the interrupted run's plan, not a new one
            Assert.True(resumed.ItemsRead < 120, $"read {resumed.ItemsRead}: it should have resumed, not started over");
            Assert.True(resumed.Completed);
            Assert.Equal(TableChecksum.Of(CliItems.Scan(moto, "State-uninterrupted")), TableChecksum.Of(CliItems.Scan(moto, "State-interrupted")));
            Assert.Empty(CliItems.Scan(moto, "Control-interrupted"));
        }

        [Fact]
        public async Task A_resumed_run_with_another_segment_count_is_refused()
        {
            CliItems.CreateTable(moto, "State-mismatch");
            CliItems.SeedWithSdk(moto, "State-mismatch", Enumerable.Range(0, 30).Select(_ => new ItemGenerator(9).StateV1()).GroupBy(i => i["operation_id"].S).Select(g => g.First()).ToList());
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var control = await Control(db, "Control-mismatch");
            var store = new MigrationCheckpointStore(control, "State-mismatch:state:1-2");
            await store.ClaimAsync(0, 4, null, CancellationToken.None);

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new MigrationRunner(db, control, NullOperationLog.Instance)
                .RunAsync("State-mismatch", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions { TotalSegments = 2 }, CancellationToken.None));
            Assert.Equal("MigrationCheckpointMismatch", error.ErrorId);
            Assert.Contains("-TotalSegments 4", error.RecommendedAction);
            Assert.All(CliItems.Scan(moto, "State-mismatch"), i => Assert.False(i.ContainsKey("format_version")));
        }

        [Fact]
        public async Task A_runner_whose_segment_another_runner_took_over_stops()
        {
            var generator = new ItemGenerator(21);
            CliItems.CreateTable(moto, "State-takeover");
            CliItems.SeedWithSdk(moto, "State-takeover", Enumerable.Range(0, 40).Select(_ => generator.StateV1()).ToList());
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var control = await Control(db, "Control-takeover");
            var store = new MigrationCheckpointStore(control, "State-takeover:state:1-2");
            var options = new MigrationRunnerOptions
            {
                PageSize = 5,
                FixedParallelism = 4,
                // Another runner claims the segment right after this one saved its first checkpoint.
                CheckpointSaved = saved => { if (saved.Counts.Read == 5) store.ClaimAsync(saved.Segment, saved.TotalSegments, saved, CancellationToken.None).GetAwaiter().GetResult(); },
            };

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new MigrationRunner(db, control, NullOperationLog.Instance)
                .RunAsync("State-takeover", Migration("1.0.0", "2.0.0"), options, CancellationToken.None));

            Assert.Equal("MigrationSegmentTakenOver", error.ErrorId);
            Assert.Equal(FailureCategory.ResourceBusy, error.Category);
            var checkpoint = Assert.Single(CliItems.Scan(moto, "Control-takeover"));
            Assert.Equal("running", checkpoint["status"].S);
            Assert.Equal("5", checkpoint["items_read"].N); // the other runner's claim, left for it to continue
        }

        [Fact]
        public async Task Segments_split_across_runners_migrate_the_whole_table()
        {
            var generator = new ItemGenerator(12);
            CliItems.CreateTable(moto, "State-split");
            CliItems.SeedWithSdk(moto, "State-split", Enumerable.Range(0, 80).Select(_ => generator.StateV1()).ToList());
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var control = await Control(db, "Control-split");

            var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(segment =>
                new MigrationRunner(TestContexts.For(moto).CreateDynamoDb(), control, NullOperationLog.Instance)
                    .RunAsync("State-split", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions { Segment = segment, TotalSegments = 3 }, CancellationToken.None)));

            Assert.Equal(80, results.Sum(r => r.ItemsChanged));
            Assert.All(results, r => Assert.Equal(3, r.TotalSegments));
            Assert.All(CliItems.Scan(moto, "State-split"), i => Assert.Equal("2", i["format_version"].N));
            Assert.Empty(CliItems.Scan(moto, "Control-split"));
        }

        [Fact]
        public async Task A_transformed_item_DynamoDB_refuses_fails_alone_and_the_rest_of_its_batch_is_written()
        {
            var generator = new ItemGenerator(13);
            var items = Enumerable.Range(0, 10).Select(_ => generator.StateV1()).ToList();
            foreach (var item in items)
            {
                item["completed"] = new AttributeValue { BOOL = true }; // settled: the batch path
            }

            var big = items[4];
            big.Remove("error");
            big["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["blob"] = new AttributeValue { S = string.Empty } } };
            using var db = TestContexts.For(moto).CreateDynamoDb();
            CliItems.CreateTable(moto, "State-toolarge");
            // As large as a 1.0 item may be: 400 KB minus a few bytes, found by asking the table itself.
            var fill = 409_600 - MotoItemSize(big);
            while (fill > 0)
            {
                big["state"].M["blob"] = new AttributeValue { S = new string('x', fill) };
                try
                {
                    await db.PutItemAsync(new PutItemRequest { TableName = "State-toolarge", Item = big });
                    break;
                }
                catch (AmazonDynamoDBException)
                {
                    fill -= 8;
                }
            }

            foreach (var item in items.Where(i => i != big))
            {
                await db.PutItemAsync(new PutItemRequest { TableName = "State-toolarge", Item = item });
            }

            var failures = new ConcurrentBag<MigrationItemFailure>();
            var result = await new MigrationRunner(db, null, NullOperationLog.Instance)
                .RunAsync("State-toolarge", Migration("1.0.0", "2.0.0"), new MigrationRunnerOptions { ItemFailed = failures.Add }, CancellationToken.None);

            Assert.Equal((10, 9, 1), (result.ItemsRead, result.ItemsChanged, result.ItemsFailed));
            Assert.Equal("ItemWriteRejected", Assert.Single(failures).ErrorId);
            var stored = CliItems.ByKey(CliItems.Scan(moto, "State-toolarge"));
            Assert.False(stored[big["operation_id"].S].ContainsKey("format_version"));
            Assert.Equal(9, stored.Values.Count(i => i.ContainsKey("format_version")));
        }

        [Fact]
        public async Task MaxWriteRate_paces_the_writes()
        {
            var generator = new ItemGenerator(14);
            CliItems.CreateTable(moto, "Audit-paced", withRange: true);
            CliItems.SeedWithSdk(moto, "Audit-paced", Enumerable.Range(0, 75).Select(_ => generator.AuditV1()).ToList());
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var clock = Stopwatch.StartNew();
            var result = await new MigrationRunner(db, null, NullOperationLog.Instance)
                .RunAsync("Audit-paced", Migration("1.0.0", "2.0.0", MigrationTable.Audit), new MigrationRunnerOptions { MaxWriteRate = 50 }, CancellationToken.None);

            // 75 items at 50 items/s: the first batch goes at once, the last one cannot start before 50 items' worth of time.
            Assert.Equal(75, result.ItemsChanged);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"took {clock.Elapsed}");
        }

        [Fact]
        public async Task Guarded_writes_alone_give_the_same_table_as_batches()
        {
            var generator = new ItemGenerator(15);
            var items = Enumerable.Range(0, 40).Select(_ => generator.StateV1()).ToList();
            CliItems.CreateTable(moto, "State-guarded");
            CliItems.CreateTable(moto, "State-batched");
            CliItems.SeedWithSdk(moto, "State-guarded", items);
            CliItems.SeedWithSdk(moto, "State-batched", items);
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var runner = new MigrationRunner(db, null, NullOperationLog.Instance);
            await runner.RunAsync("State-guarded", Migration("1.0.0", "3.0.0", guardEveryWrite: true), new MigrationRunnerOptions(), CancellationToken.None);
            await runner.RunAsync("State-batched", Migration("1.0.0", "3.0.0"), new MigrationRunnerOptions(), CancellationToken.None);
            Assert.Equal(TableChecksum.Of(CliItems.Scan(moto, "State-batched")), TableChecksum.Of(CliItems.Scan(moto, "State-guarded")));
        }

        private static async Task<ControlTable> Control(IAmazonDynamoDB db, string name)
        {
            await ControlTable.EnsureExistsAsync(db, name, CancellationToken.None);
            return new ControlTable(db, name);
        }

        /// <summary>moto's item size: attribute names and values in bytes (the same rule DynamoDB documents).</summary>
        private static int MotoItemSize(Dictionary<string, AttributeValue> item)
            => item.Sum(e => System.Text.Encoding.UTF8.GetByteCount(e.Key) + ValueSize(e.Value));

        private static int ValueSize(AttributeValue value)
            => value.S != null ? System.Text.Encoding.UTF8.GetByteCount(value.S)
            : value.N != null ? value.N.Length
            : value.M != null ? value.M.Sum(e => System.Text.Encoding.UTF8.GetByteCount(e.Key) + ValueSize(e.Value))
            : value.L != null ? value.L.Sum(ValueSize)
            : 8;
    }
}
