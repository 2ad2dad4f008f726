using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Makes a live table hold exactly the items of a source table (a backup restored into a scratch table), keeping the
    /// table itself: its name, keys, indexes, settings and stack membership. Deletes the live items whose key is not in
    /// the source, then puts every source item. Both passes are idempotent, so an interrupted run is finished by running
    /// it again. Memory: one 32-byte key hash per source item.
    /// </summary>
    public sealed class TableItemConverger
    {
        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;
        private readonly BatchWriter writer;

        public TableItemConverger(IAmazonDynamoDB dynamoDb, IOperationLog log, BatchWriter? writer = null)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
            this.writer = writer ?? new BatchWriter(dynamoDb, log);
        }

        public async Task<(long Deleted, long Put)> ConvergeAsync(string liveTable, string sourceTable, IReadOnlyList<string> keyAttributes, CancellationToken cancellationToken)
        {
            var sourceKeys = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var item in ScanAsync(sourceTable, cancellationToken).ConfigureAwait(false))
            {
                sourceKeys.Add(KeyHash(item, keyAttributes));
            }

            log.Verbose($"Removing the items of {liveTable} that are not in the backup ({sourceKeys.Count} items there)");
            var deleted = await writer.WriteAsync(liveTable, DeletesAsync(liveTable, sourceKeys, keyAttributes, cancellationToken), cancellationToken).ConfigureAwait(false);
            log.Verbose($"Putting the backup's {sourceKeys.Count} items into {liveTable}");
            var put = await writer.WriteAsync(liveTable, PutsAsync(sourceTable, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (deleted, put);
        }

        private async IAsyncEnumerable<WriteRequest> DeletesAsync(string liveTable, HashSet<string> keep, IReadOnlyList<string> keyAttributes, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var item in ScanAsync(liveTable, cancellationToken).ConfigureAwait(false))
            {
                if (!keep.Contains(KeyHash(item, keyAttributes)))
                {
                    yield return new WriteRequest { DeleteRequest = new DeleteRequest { Key = KeyOf(item, keyAttributes) } };
                }
            }
        }

        private async IAsyncEnumerable<WriteRequest> PutsAsync(string sourceTable, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var item in ScanAsync(sourceTable, cancellationToken).ConfigureAwait(false))
            {
                yield return new WriteRequest { PutRequest = new PutRequest { Item = item } };
            }
        }

        /// <summary>
        /// Every item of a table (consistent reads, all pages). Deleting while scanning is safe: a scan continues from
        /// its last key, and the items deleted are behind it.
        /// </summary>
        private async IAsyncEnumerable<Dictionary<string, AttributeValue>> ScanAsync(string tableName, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                log.Verbose($"DynamoDB Scan {tableName}");
                var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = startKey }, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items ?? new List<Dictionary<string, AttributeValue>>())
                {
                    yield return item;
                }

                startKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (startKey != null);
        }

        private static Dictionary<string, AttributeValue> KeyOf(Dictionary<string, AttributeValue> item, IReadOnlyList<string> keyAttributes)
            => keyAttributes.ToDictionary(k => k, k => item[k], StringComparer.Ordinal);

        private static string KeyHash(Dictionary<string, AttributeValue> item, IReadOnlyList<string> keyAttributes)
            => Convert.ToBase64String(TableChecksum.HashItem(KeyOf(item, keyAttributes)));
    }
}
