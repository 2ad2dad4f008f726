using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Runs an <see cref="IItemMigration"/> over a whole table and knows no schema: a parallel segmented scan, the
    /// transform, writes (<see cref="ItemWriter"/>: batches for settled items, conditional puts for the others),
    /// a checkpoint per segment after each fully written page, optional pacing, progress, and a result with counts
    /// and checksums. Memory stays constant whatever the table size: a lone segment holds the page being written and
    /// the next one being read, several segments one page each, and nothing else grows with the table (checksums are
    /// sums, samples and kept failures are capped). Idempotent: items already in the target format are skipped, so a second run writes nothing.
    /// </summary>
    public sealed class MigrationRunner
    {
        /// <summary>
        /// Without -TotalSegments, a table gets one segment per this many bytes, and at least <see cref="MinimumSegments"/>
        /// (at most 1024): enough segments to scan several at once when that measures faster, each a few 1 MB pages, so
        /// that each segment's last, partial page (which costs a full table pass on moto) stays a small part of the work.
        /// </summary>
        public const long SegmentTargetBytes = 8L * 1024 * 1024;

        /// <summary>The fewest segments a table is split into without -TotalSegments (the parallelism a small table can try).</summary>
        public const int MinimumSegments = 4;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly Control.ControlTable? control;
        private readonly IOperationLog log;

        /// <param name="dynamoDb">The client for the table.</param>
        /// <param name="control">Where checkpoints live; null runs without checkpoints (dry runs, tests).</param>
        /// <param name="log">Narration and progress.</param>
        public MigrationRunner(IAmazonDynamoDB dynamoDb, Control.ControlTable? control, IOperationLog log)
        {
            this.dynamoDb = dynamoDb;
            this.control = control;
            this.log = log;
        }

        public async Task<MigrationResult> RunAsync(string tableName, IItemMigration migration, MigrationRunnerOptions options, CancellationToken cancellationToken)
        {
            options.Validate();
            var clock = Stopwatch.StartNew();
            var description = await DescribeAsync(tableName, cancellationToken).ConfigureAwait(false);
            var keyNames = description.KeySchema.OrderBy(k => k.KeyType == KeyType.HASH ? 0 : 1).Select(k => k.AttributeName).ToList();
            var migrationId = options.MigrationId ?? tableName + ":" + migration.Id;
            var store = control == null ? null : new MigrationCheckpointStore(control, migrationId);

            var checkpoints = store == null ? new List<SegmentCheckpoint>() : (await store.LoadAsync(cancellationToken).ConfigureAwait(false)).ToList();
            var totalSegments = PlanSegments(description, options, checkpoints, migrationId);
            if (checkpoints.Count == totalSegments && checkpoints.All(c => c.Done))
            {
                // A finished run that died before removing its checkpoints: this run starts afresh (and skips every item).
                if (!options.DryRun)
                {
                    await store!.DeleteAllAsync(cancellationToken).ConfigureAwait(false);
                }

                checkpoints.Clear();
            }

            var mine = options.Segment.HasValue ? new[] { options.Segment.Value } : Enumerable.Range(0, totalSegments).ToArray();
            var byNumber = checkpoints.ToDictionary(c => c.Segment);
            var alreadyDone = mine.Count(s => byNumber.TryGetValue(s, out var c) && c.Done);
            var pending = new ConcurrentQueue<int>(mine.Where(s => !(byNumber.TryGetValue(s, out var c) && c.Done)));
            var resumed = mine.Count(s => byNumber.TryGetValue(s, out var c) && !c.Done && c.LastKey != null);
            log.Verbose($"Migration {migrationId}: {totalSegments} segment(s); this run: {Describe(mine)}; {alreadyDone} already done, {resumed} resumed from a checkpoint");

            using var run = new Run(this, tableName, keyNames, migration, options, description.ItemCount ?? 0, store, byNumber, cancellationToken);
            await run.ExecuteAsync(pending, totalSegments).ConfigureAwait(false);

            var completed = false;
            if (!options.DryRun && store != null)
            {
                var all = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
                if (all.Count == totalSegments && all.All(c => c.Done))
                {
                    await store.DeleteAllAsync(cancellationToken).ConfigureAwait(false);
                    completed = true;
                }
            }
            else
            {
                completed = !options.Segment.HasValue;
            }

            var result = run.Result(clock.Elapsed);
            result.TableName = tableName;
            result.MigrationId = migrationId;
            result.TotalSegments = totalSegments;
            result.Segments = Describe(mine);
            result.SegmentsResumed = resumed;
            result.SegmentsAlreadyDone = alreadyDone;
            result.Completed = completed;
            log.Progress(new ProgressReport(ProgressActivityId, $"Migrating {tableName}", "Done", 100, completed: true));
            log.Verbose($"Migration {migrationId}: {result.ItemsRead} read, {result.ItemsChanged} changed, {result.ItemsSkipped} skipped, {result.ItemsFailed} failed in {result.Duration.TotalSeconds:F1} s");
            return result;
        }

        /// <summary>The Write-Progress activity id of migrations.</summary>
        public const int ProgressActivityId = 61;

        private static int PlanSegments(TableDescription description, MigrationRunnerOptions options, IReadOnlyList<SegmentCheckpoint> checkpoints, string migrationId)
        {
            if (checkpoints.Count > 0)
            {
                var recorded = checkpoints.Select(c => c.TotalSegments).Distinct().ToList();
                if (recorded.Count > 1 || (options.TotalSegments.HasValue && options.TotalSegments != recorded[0]))
                {
                    throw new AuroraRestoreException(
                        MigrationErrorIds.CheckpointMismatch, FailureCategory.InvalidOperation, migrationId,
                        $"An interrupted run of migration {migrationId} split the table into {string.Join(" and ", recorded)} segments; this run asks for {options.TotalSegments}.",
                        $"Run it again with -TotalSegments {recorded[0]} (or without -TotalSegments) to resume it.");
                }

                return recorded[0];
            }

            if (options.TotalSegments.HasValue)
            {
                return options.TotalSegments.Value;
            }

            var bytes = description.TableSizeBytes ?? 0;
            return (int)Math.Clamp((bytes + SegmentTargetBytes - 1) / SegmentTargetBytes, MinimumSegments, 1024);
        }

        private static string Describe(IReadOnlyList<int> segments)
            => segments.Count == 1 ? segments[0].ToString(CultureInfo.InvariantCulture) : $"{segments[0]}-{segments[segments.Count - 1]}";

        private async Task<TableDescription> DescribeAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                return (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table;
            }
            catch (ResourceNotFoundException ex)
            {
                throw new AuroraRestoreException(
                    MigrationErrorIds.TableNotFound, FailureCategory.ObjectNotFound, tableName,
                    $"The table {tableName} does not exist: there is nothing to migrate.",
                    "Check -Environment and -Region; install the pipeline first if this environment has none.",
                    ex);
            }
        }

        /// <summary>The state of one run: counters, checksums, writer, controller and the segment workers.</summary>
        private sealed class Run : IDisposable
        {
            private readonly MigrationRunner owner;
            private readonly string tableName;
            private readonly IItemMigration migration;
            private readonly MigrationRunnerOptions options;
            private readonly long estimatedItems;
            private readonly MigrationCheckpointStore? store;
            private readonly IReadOnlyDictionary<int, SegmentCheckpoint> checkpoints;
            private readonly CancellationTokenSource stop;
            private readonly CancellationToken cancellationToken;
            private readonly MigrationCounts counts = new MigrationCounts();
            private readonly TableChecksum before = new TableChecksum();
            private readonly TableChecksum after = new TableChecksum();
            private readonly ConcurrentQueue<MigrationSample> samples = new ConcurrentQueue<MigrationSample>();
            private readonly ConcurrentQueue<MigrationItemFailure> failures = new ConcurrentQueue<MigrationItemFailure>();
            private readonly ParallelismController controller;
            private readonly ConcurrencyLimiter slots;
            private readonly ItemWriter writer;
            private readonly Stopwatch clock = Stopwatch.StartNew();
            private readonly object progressGate = new object();
            private TimeSpan lastProgress = TimeSpan.FromSeconds(-1);
            private int activeSegments;

            public Run(MigrationRunner owner, string tableName, IReadOnlyList<string> keyNames, IItemMigration migration, MigrationRunnerOptions options, long estimatedItems, MigrationCheckpointStore? store, IReadOnlyDictionary<int, SegmentCheckpoint> checkpoints, CancellationToken cancellationToken)
            {
                this.owner = owner;
                this.tableName = tableName;
                this.migration = migration;
                this.options = options;
                this.estimatedItems = estimatedItems;
                this.store = store;
                this.checkpoints = checkpoints;
                stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                this.cancellationToken = stop.Token;
                controller = new ParallelismController(options.FixedParallelism, options.MaxParallelism, options.MeasureWindow);
                slots = new ConcurrencyLimiter(controller.WriteSlots);
                controller.Changed += capacity =>
                {
                    slots.SetCapacity(capacity);
                    owner.log.Verbose($"Migration {tableName}: {capacity} write requests in flight, {controller.ScanWorkers} segment(s) at once");
                };
                var rate = options.MaxWriteRate.HasValue && !options.DryRun ? new WriteRateLimiter(options.MaxWriteRate.Value) : null;
                writer = new ItemWriter(owner.dynamoDb, tableName, keyNames, migration, options, slots, rate, owner.log);
            }

            /// <summary>
            /// Runs segment workers until the queue is empty, starting more while the controller asks for more. The first
            /// failure cancels the other workers (their segments keep their last checkpoint) and is rethrown.
            /// </summary>
            public async Task ExecuteAsync(ConcurrentQueue<int> pending, int totalSegments)
            {
                var running = new List<Task>();
                try
                {
                    while (true)
                    {
                        while (running.Count < controller.ScanWorkers && pending.TryDequeue(out var segment))
                        {
                            running.Add(Task.Run(() => SegmentAsync(segment, totalSegments), cancellationToken));
                        }

                        if (running.Count == 0)
                        {
                            return;
                        }

                        // Wake up when a worker ends, or now and then to start workers the controller has added.
                        await Task.WhenAny(Task.WhenAny(running), Task.Delay(250, cancellationToken)).ConfigureAwait(false);
                        foreach (var done in running.Where(t => t.IsCompleted).ToList())
                        {
                            running.Remove(done);
                            await done.ConfigureAwait(false); // surfaces the first failure
                        }

                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
                catch
                {
                    stop.Cancel();
                    try
                    {
                        await Task.WhenAll(running).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // Already failing: the first exception is the one that matters.
                    }

                    throw;
                }
            }

            public void Dispose() => stop.Dispose();

            public MigrationResult Result(TimeSpan duration) => new MigrationResult
            {
                TableKind = migration.TableKind,
                From = migration.FromVersion,
                To = migration.ToVersion,
                DryRun = options.DryRun,
                ItemsRead = counts.Read,
                ItemsChanged = counts.Changed,
                ItemsSkipped = counts.Skipped,
                ItemsFailed = counts.Failed,
                Duration = duration,
                ChecksumBefore = before.ToString(),
                ChecksumAfter = after.ToString(),
                Parallelism = controller.WriteSlots,
                WriteRetries = writer.Retries,
                ConcurrentUpdates = writer.Conflicts,
                Samples = samples.ToList(),
                Failures = failures.ToList(),
            };

            private async Task SegmentAsync(int segment, int totalSegments)
            {
                Interlocked.Increment(ref activeSegments);
                try
                {
                    await SegmentPagesAsync(segment, totalSegments).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref activeSegments);
                }
            }

            private async Task SegmentPagesAsync(int segment, int totalSegments)
            {
                checkpoints.TryGetValue(segment, out var existing);
                SegmentCheckpoint? checkpoint = null;
                var segmentCounts = existing?.Counts ?? new MigrationCounts();
                if (!options.DryRun && store != null)
                {
                    checkpoint = await store.ClaimAsync(segment, totalSegments, existing, cancellationToken).ConfigureAwait(false);
                }

                var startKey = existing?.Done == false ? existing.LastKey : null;
                Task<ScanResponse>? next = ScanAsync(segment, totalSegments, startKey);
                while (next != null)
                {
                    var page = await next.ConfigureAwait(false);
                    var lastKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;

                    // A lone segment reads its next page while this one is written, so the table is never idle; with
                    // several segments the others keep it busy, and not reading ahead keeps memory at one page each.
                    var readAhead = lastKey != null && controller.ScanWorkers == 1;
                    next = readAhead ? ScanAsync(segment, totalSegments, lastKey) : null;
                    var items = page.Items ?? new List<Dictionary<string, AttributeValue>>();
                    var pageCounts = await ProcessPageAsync(items).ConfigureAwait(false);
                    segmentCounts = segmentCounts.Plus(pageCounts);
                    if (checkpoint != null)
                    {
                        checkpoint = await store!.SaveAsync(checkpoint, lastKey, lastKey == null, segmentCounts, cancellationToken).ConfigureAwait(false);
                        options.CheckpointSaved?.Invoke(checkpoint);
                    }

                    controller.Record(items.Count, saturated: Volatile.Read(ref activeSegments) >= controller.ScanWorkers);
                    ReportProgress(false);
                    if (!readAhead && lastKey != null)
                    {
                        next = ScanAsync(segment, totalSegments, lastKey);
                    }
                }
            }

            private Task<ScanResponse> ScanAsync(int segment, int totalSegments, Dictionary<string, AttributeValue>? startKey)
            {
                var request = new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = startKey, Limit = options.PageSize };
                if (totalSegments > 1)
                {
                    request.Segment = segment;
                    request.TotalSegments = totalSegments;
                }

                return owner.dynamoDb.ScanAsync(request, cancellationToken);
            }

            /// <summary>Transforms a page, writes what changed, and returns the page's counts once every write is done.</summary>
            private async Task<MigrationCounts> ProcessPageAsync(List<Dictionary<string, AttributeValue>> items)
            {
                var page = new MigrationCounts(items.Count);
                counts.AddRead(items.Count);
                var batch = new List<(Dictionary<string, AttributeValue> Read, Dictionary<string, AttributeValue> Item)>(ItemWriter.BatchSize);
                var writes = new List<Task>();
                foreach (var item in items)
                {
                    before.Add(item);
                    var outcome = migration.Transform(item);
                    switch (outcome.Kind)
                    {
                        case TransformOutcomeKind.Unchanged:
                            Skipped(page, item);
                            break;
                        case TransformOutcomeKind.Failed:
                            Failed(page, item, outcome.ErrorId!, outcome.Message!);
                            break;
                        default:
                            if (options.DryRun)
                            {
                                Changed(page, item, outcome.Item!);
                            }
                            else if (outcome.Guard!.Settled)
                            {
                                batch.Add((item, outcome.Item!));
                                if (batch.Count == ItemWriter.BatchSize)
                                {
                                    writes.Add(WriteBatchAsync(page, batch));
                                    batch = new List<(Dictionary<string, AttributeValue>, Dictionary<string, AttributeValue>)>(ItemWriter.BatchSize);
                                }
                            }
                            else
                            {
                                writes.Add(WriteGuardedAsync(page, item, outcome));
                            }

                            break;
                    }
                }

                if (batch.Count > 0)
                {
                    writes.Add(WriteBatchAsync(page, batch));
                }

                await Task.WhenAll(writes).ConfigureAwait(false);
                return page;
            }

            private async Task WriteBatchAsync(MigrationCounts page, List<(Dictionary<string, AttributeValue> Read, Dictionary<string, AttributeValue> Item)> batch)
            {
                var results = await writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    Account(page, batch[i].Read, results[i]);
                }
            }

            private async Task WriteGuardedAsync(MigrationCounts page, Dictionary<string, AttributeValue> read, TransformOutcome outcome)
                => Account(page, read, await writer.WriteGuardedAsync(read, outcome, cancellationToken).ConfigureAwait(false));

            private void Account(MigrationCounts page, Dictionary<string, AttributeValue> read, WriteResult result)
            {
                switch (result.Kind)
                {
                    case WriteResultKind.Written:
                        Changed(page, read, result.Final!);
                        break;
                    case WriteResultKind.Skipped:
                        page.AddSkipped();
                        counts.AddSkipped();
                        if (result.Final != null)
                        {
                            after.Add(result.Final);
                        }

                        break;
                    default:
                        Failed(page, result.Final ?? read, result.ErrorId!, result.Message!);
                        break;
                }
            }

            private void Changed(MigrationCounts page, Dictionary<string, AttributeValue> read, Dictionary<string, AttributeValue> written)
            {
                page.AddChanged();
                counts.AddChanged();
                after.Add(written);
                if (samples.Count < options.SampleSize)
                {
                    lock (samples)
                    {
                        if (samples.Count < options.SampleSize)
                        {
                            samples.Enqueue(new MigrationSample(AttributeValues.Describe(writer.KeyOf(read)), DynamoJson.Write(read), DynamoJson.Write(written)));
                        }
                    }
                }
            }

            private void Skipped(MigrationCounts page, Dictionary<string, AttributeValue> item)
            {
                page.AddSkipped();
                counts.AddSkipped();
                after.Add(item);
            }

            private void Failed(MigrationCounts page, Dictionary<string, AttributeValue> item, string errorId, string message)
            {
                page.AddFailed();
                counts.AddFailed();
                after.Add(item);
                var failure = new MigrationItemFailure(tableName, AttributeValues.Describe(writer.KeyOf(item)), errorId, message);
                if (failures.Count < options.FailuresKept)
                {
                    failures.Enqueue(failure);
                }

                owner.log.Verbose($"Migration {tableName}: {failure}");
                options.ItemFailed?.Invoke(failure);
            }

            private void ReportProgress(bool force)
            {
                lock (progressGate)
                {
                    var now = clock.Elapsed;
                    if (!force && now - lastProgress < TimeSpan.FromMilliseconds(500))
                    {
                        return;
                    }

                    lastProgress = now;
                }

                var read = counts.Read;
                var percent = estimatedItems > 0 ? (int)Math.Min(99, read * 100 / estimatedItems) : -1;
                var rate = read / Math.Max(0.001, clock.Elapsed.TotalSeconds);
                owner.log.Progress(new ProgressReport(
                    ProgressActivityId,
                    $"Migrating {tableName} ({migration.Name}{(options.DryRun ? ", dry run" : string.Empty)})",
                    $"{counts} — {rate:F0} items/s, {controller.WriteSlots} writes in flight",
                    percent));
            }
        }
    }
}
