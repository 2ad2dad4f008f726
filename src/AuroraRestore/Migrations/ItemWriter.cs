using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// The runner's two ways of writing transformed items. The fast path, for settled items, is BatchWriteItem in 25s
    /// with unprocessed items retried with exponential backoff and full jitter. The safe path, for items a writer may
    /// still change, is one PutItem per item with a condition that the stored item still holds the values it was read
    /// with; when that fails the item is read again, transformed again and written again, so a concurrent update is
    /// never overwritten by a stale copy.
    /// </summary>
    internal sealed class ItemWriter
    {
        public const int BatchSize = 25;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly string tableName;
        private readonly IReadOnlyList<string> keyNames;
        private readonly IItemMigration migration;
        private readonly MigrationRunnerOptions options;
        private readonly ConcurrencyLimiter slots;
        private readonly WriteRateLimiter? rate;
        private readonly IOperationLog log;
        private readonly Random jitter = new Random();
        private long retries;
        private long conflicts;

        public ItemWriter(IAmazonDynamoDB dynamoDb, string tableName, IReadOnlyList<string> keyNames, IItemMigration migration, MigrationRunnerOptions options, ConcurrencyLimiter slots, WriteRateLimiter? rate, IOperationLog log)
        {
            this.dynamoDb = dynamoDb;
            this.tableName = tableName;
            this.keyNames = keyNames;
            this.migration = migration;
            this.options = options;
            this.slots = slots;
            this.rate = rate;
            this.log = log;
        }

        public long Retries => Interlocked.Read(ref retries);

        public long Conflicts => Interlocked.Read(ref conflicts);

        /// <summary>Writes up to 25 settled items; returns what became of each (written or rejected).</summary>
        public async Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<(Dictionary<string, AttributeValue> Read, Dictionary<string, AttributeValue> Item)> batch, CancellationToken cancellationToken)
        {
            var pending = batch.Select(b => new WriteRequest { PutRequest = new PutRequest { Item = b.Item } }).ToList();
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    if (attempt > options.UnprocessedRetries)
                    {
                        throw new AuroraRestoreException(
                            "MigrationWriteThrottled", FailureCategory.LimitsExceeded, tableName,
                            $"DynamoDB left {pending.Count} items of a batch unprocessed {options.UnprocessedRetries} times in a row on {tableName}.",
                            "Run the migration again later or with a lower -MaxWriteRate; it resumes from its checkpoints.");
                    }

                    Interlocked.Increment(ref retries);
                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                }

                if (rate != null)
                {
                    await rate.AcquireAsync(pending.Count, cancellationToken).ConfigureAwait(false);
                }

                BatchWriteItemResponse response;
                using (await slots.AcquireAsync(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        response = await dynamoDb.BatchWriteItemAsync(
                            new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [tableName] = pending } },
                            cancellationToken).ConfigureAwait(false);
                    }
                    catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "ValidationException")
                    {
                        // One item DynamoDB refuses (too large, say) fails the whole batch: write them one by one to
                        // find it, and keep the others.
                        log.Verbose($"DynamoDB BatchWriteItem {tableName}: {ex.Message}; writing the {batch.Count} items one by one");
                        return await WriteOneByOneAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                }

                pending = response.UnprocessedItems != null && response.UnprocessedItems.TryGetValue(tableName, out var unprocessed) && unprocessed != null
                    ? unprocessed
                    : new List<WriteRequest>();
                if (pending.Count > 0)
                {
                    log.Verbose($"DynamoDB BatchWriteItem {tableName}: {pending.Count} unprocessed items, retrying");
                }
            }

            return batch.Select(b => WriteResult.Written(b.Item)).ToList();
        }

        /// <summary>Writes one item a writer may still change, conditionally, resolving conflicts by reading and transforming again.</summary>
        public async Task<WriteResult> WriteGuardedAsync(Dictionary<string, AttributeValue> read, TransformOutcome outcome, CancellationToken cancellationToken)
        {
            var current = read;
            for (var attempt = 0; attempt <= options.ConflictRetries; attempt++)
            {
                var request = new PutItemRequest { TableName = tableName, Item = outcome.Item };
                if (!outcome.Guard!.Settled)
                {
                    Guard(request, outcome.Guard);
                }

                if (rate != null)
                {
                    await rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    using (await slots.AcquireAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await dynamoDb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
                    }

                    return WriteResult.Written(outcome.Item!);
                }
                catch (ConditionalCheckFailedException)
                {
                    Interlocked.Increment(ref conflicts);
                    log.Verbose($"DynamoDB PutItem {tableName} [{AttributeValues.Describe(KeyOf(read))}]: changed since read, reading it again");
                }
                catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "ValidationException")
                {
                    return WriteResult.Rejected(current, ex.Message);
                }

                GetItemResponse again;
                using (await slots.AcquireAsync(cancellationToken).ConfigureAwait(false))
                {
                    again = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = tableName, Key = KeyOf(read), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
                }

                if (again.Item is not { Count: > 0 })
                {
                    return WriteResult.Vanished();
                }

                current = again.Item;
                outcome = migration.Transform(current);
                switch (outcome.Kind)
                {
                    case TransformOutcomeKind.Unchanged:
                        return WriteResult.Skipped(current);
                    case TransformOutcomeKind.Failed:
                        return WriteResult.TransformFailed(current, outcome.ErrorId!, outcome.Message!);
                }
            }

            return WriteResult.Conflict(current, options.ConflictRetries + 1);
        }

        public Dictionary<string, AttributeValue> KeyOf(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var key = new Dictionary<string, AttributeValue>(keyNames.Count);
            foreach (var name in keyNames)
            {
                key[name] = item[name];
            }

            return key;
        }

        private async Task<IReadOnlyList<WriteResult>> WriteOneByOneAsync(IReadOnlyList<(Dictionary<string, AttributeValue> Read, Dictionary<string, AttributeValue> Item)> batch, CancellationToken cancellationToken)
        {
            var results = new List<WriteResult>(batch.Count);
            foreach (var (read, item) in batch)
            {
                try
                {
                    using (await slots.AcquireAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await dynamoDb.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item }, cancellationToken).ConfigureAwait(false);
                    }

                    results.Add(WriteResult.Written(item));
                }
                catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "ValidationException")
                {
                    results.Add(WriteResult.Rejected(read, ex.Message));
                }
            }

            return results;
        }

        /// <summary>attribute_exists(key) AND each guard attribute still as read (or still absent).</summary>
        private void Guard(PutItemRequest request, WriteGuard guard)
        {
            var names = new Dictionary<string, string>();
            var values = new Dictionary<string, AttributeValue>();
            var clauses = new List<string>();
            names["#k"] = keyNames[0];
            clauses.Add("attribute_exists(#k)");
            var i = 0;
            foreach (var expected in guard.Expected)
            {
                var name = "#g" + i;
                names[name] = expected.Key;
                if (expected.Value == null)
                {
                    clauses.Add($"attribute_not_exists({name})");
                }
                else
                {
                    var value = ":g" + i;
                    values[value] = expected.Value;
                    clauses.Add($"{name} = {value}");
                }

                i++;
            }

            request.ConditionExpression = string.Join(" AND ", clauses);
            request.ExpressionAttributeNames = names;
            if (values.Count > 0)
            {
                request.ExpressionAttributeValues = values;
            }
        }

        private TimeSpan Backoff(int attempt)
        {
            var ceiling = Math.Min(5000, 50 * Math.Pow(2, Math.Min(attempt, 10)));
            double factor;
            lock (jitter)
            {
                factor = jitter.NextDouble();
            }

            return TimeSpan.FromMilliseconds(ceiling * factor);
        }
    }
}
