using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// BatchWriteItem in groups of 25 (DynamoDB's limit), sending UnprocessedItems again with exponential backoff and
    /// full jitter until all are written; a batch that never drains fails with BatchWriteIncomplete.
    /// </summary>
    public sealed class BatchWriter
    {
        public const int MaxBatchSize = 25;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;
        private readonly int maxAttempts;
        private readonly TimeSpan baseDelay;

        public BatchWriter(IAmazonDynamoDB dynamoDb, IOperationLog log, int maxAttempts = 10, TimeSpan? baseDelay = null)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
            this.maxAttempts = maxAttempts;
            this.baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(50);
        }

        /// <returns>How many requests were written.</returns>
        public async Task<long> WriteAsync(string tableName, IAsyncEnumerable<WriteRequest> requests, CancellationToken cancellationToken)
        {
            long written = 0;
            var batch = new List<WriteRequest>(MaxBatchSize);
            await foreach (var request in requests.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(request);
                if (batch.Count == MaxBatchSize)
                {
                    written += await WriteBatchAsync(tableName, batch, cancellationToken).ConfigureAwait(false);
                    batch = new List<WriteRequest>(MaxBatchSize);
                }
            }

            if (batch.Count > 0)
            {
                written += await WriteBatchAsync(tableName, batch, cancellationToken).ConfigureAwait(false);
            }

            return written;
        }

        private async Task<int> WriteBatchAsync(string tableName, List<WriteRequest> batch, CancellationToken cancellationToken)
        {
            var pending = batch;
            for (var attempt = 1; ; attempt++)
            {
                log.Verbose($"DynamoDB BatchWriteItem {tableName} ({pending.Count} requests, attempt {attempt})");
                var response = await dynamoDb.BatchWriteItemAsync(
                    new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [tableName] = pending } },
                    cancellationToken).ConfigureAwait(false);
                if (response.UnprocessedItems == null || !response.UnprocessedItems.TryGetValue(tableName, out var unprocessed) || unprocessed.Count == 0)
                {
                    return batch.Count;
                }

                if (attempt >= maxAttempts)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.BatchWriteIncomplete, FailureCategory.LimitsExceeded, tableName,
                        $"DynamoDB left {unprocessed.Count} of {batch.Count} writes to {tableName} unprocessed after {attempt} attempts.",
                        "The table is throttled: wait a little and run the command again; it carries on from where it stopped.");
                }

                pending = unprocessed;
                var ceiling = baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(ceiling, 5000)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
