using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// Compares a live table with a table of a backup set, item by item: the DynamoDB backup is restored into a scratch
    /// table (<c>&lt;table&gt;-rollback-&lt;8 hex of SHA-256(backup ARN)&gt;</c>, the same name on every run, dropped at
    /// the end whatever happens), each of its items is read back from the live table by key and compared by its canonical
    /// hash, and the live table's keys are scanned for items the backup does not hold. This is how a rollback names the
    /// operations FromBackup would lose, and proves that ReverseMigration gave back every pre-upgrade item unchanged.
    /// Memory: the backup's keys (not its items) are held while the live table is scanned.
    /// </summary>
    public sealed class BackupItemComparer
    {
        /// <summary>How many keys of each kind a comparison names (all are counted).</summary>
        public const int KeysKept = 100;

        private const int BatchGetLimit = 100;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;
        private readonly DynamoTableBackups tables;

        public BackupItemComparer(IAmazonDynamoDB dynamoDb, IOperationLog log, TimeSpan? pollInterval = null)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
            tables = new DynamoTableBackups(dynamoDb, log, pollInterval);
        }

        public static string ScratchTableName(string liveTable, string backupArn)
            => $"{liveTable}-rollback-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(backupArn))).Substring(0, 8).ToLowerInvariant()}";

        public async Task<BackupItemComparison> CompareAsync(TableBackup backup, string liveTable, CancellationToken cancellationToken)
        {
            var description = await tables.DescribeTableAsync(liveTable, cancellationToken).ConfigureAwait(false);
            var keyNames = description.KeySchema.OrderBy(k => k.KeyType == KeyType.HASH ? 0 : 1).Select(k => k.AttributeName).ToList();
            var scratch = ScratchTableName(liveTable, backup.BackupArn);
            try
            {
                await tables.RestoreToScratchAsync(backup.BackupArn, scratch, cancellationToken).ConfigureAwait(false);
                var backupChecksum = new TableChecksum();
                var liveChecksum = new TableChecksum();
                var backedUp = new HashSet<string>(StringComparer.Ordinal);
                var differing = new List<string>();
                long changed = 0, missing = 0;
                await foreach (var page in ScanAsync(scratch, null, cancellationToken).ConfigureAwait(false))
                {
                    var live = await GetAsync(liveTable, page.Select(i => keyNames.ToDictionary(k => k, k => i[k])).ToList(), keyNames, cancellationToken).ConfigureAwait(false);
                    foreach (var item in page)
                    {
                        var key = KeyOf(item, keyNames);
                        backedUp.Add(key);
                        backupChecksum.Add(item);
                        if (!live.TryGetValue(key, out var current))
                        {
                            missing++;
                            Keep(differing, key + " (gone)");
                            continue;
                        }

                        liveChecksum.Add(current);
                        if (!TableChecksum.HashItem(item).AsSpan().SequenceEqual(TableChecksum.HashItem(current)))
                        {
                            changed++;
                            Keep(differing, key);
                        }
                    }
                }

                var created = new List<string>();
                long createdSince = 0;
                await foreach (var page in ScanAsync(liveTable, keyNames, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var key in page.Select(i => KeyOf(i, keyNames)).Where(k => !backedUp.Contains(k)))
                    {
                        createdSince++;
                        Keep(created, key);
                    }
                }

                var comparison = new BackupItemComparison
                {
                    TableName = liveTable,
                    BackupChecksum = backupChecksum.ToString(),
                    LiveChecksum = liveChecksum.ToString(),
                    BackupItems = backupChecksum.ItemCount,
                    Changed = changed,
                    Missing = missing,
                    CreatedSince = createdSince,
                    DifferingKeys = differing,
                    CreatedSinceKeys = created,
                };
                log.Verbose($"Compared {liveTable} with backup {backup.BackupArn}: {comparison}");
                return comparison;
            }
            finally
            {
                try
                {
                    await tables.DeleteTableAsync(scratch, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    log.Warning($"The scratch table {scratch} could not be deleted ({ex.Message}): delete it with aws dynamodb delete-table --table-name {scratch}.");
                }
            }
        }

        private static void Keep(List<string> keys, string key)
        {
            if (keys.Count < KeysKept)
            {
                keys.Add(key);
            }
        }

        private static string KeyOf(IReadOnlyDictionary<string, AttributeValue> item, IReadOnlyList<string> keyNames)
            => string.Join("|", keyNames.Select(k => item.TryGetValue(k, out var v) ? v.S ?? v.N ?? (v.B == null ? string.Empty : Convert.ToBase64String(v.B.ToArray())) : string.Empty));

        private async IAsyncEnumerable<List<Dictionary<string, AttributeValue>>> ScanAsync(string table, IReadOnlyList<string>? keysOnly, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var request = new ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = start, Limit = BatchGetLimit };
                if (keysOnly != null)
                {
                    request.ExpressionAttributeNames = keysOnly.Select((k, i) => (k, i)).ToDictionary(p => "#k" + p.i.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.k);
                    request.ProjectionExpression = string.Join(", ", request.ExpressionAttributeNames.Keys);
                }

                log.Verbose($"DynamoDB Scan {table}{(keysOnly == null ? string.Empty : " (keys)")}");
                var page = await dynamoDb.ScanAsync(request, cancellationToken).ConfigureAwait(false);
                yield return page.Items ?? new List<Dictionary<string, AttributeValue>>();
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);
        }

        /// <summary>The live items of these keys (BatchGetItem, consistent, unprocessed keys asked again), by key string.</summary>
        private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> GetAsync(string table, List<Dictionary<string, AttributeValue>> keys, IReadOnlyList<string> keyNames, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, Dictionary<string, AttributeValue>>(StringComparer.Ordinal);
            var pending = keys; // a scan page holds at most BatchGetLimit items: one request
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 << Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
                }

                if (attempt > 12)
                {
                    throw new AuroraRestoreException(
                        "BatchGetIncomplete", FailureCategory.LimitsExceeded, table,
                        $"DynamoDB kept {pending.Count} keys of {table} unprocessed after {attempt} attempts.",
                        "Wait a little (the table is throttled) and run the command again; it resumes.");
                }

                log.Verbose($"DynamoDB BatchGetItem {table} ({pending.Count} keys)");
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new Dictionary<string, KeysAndAttributes> { [table] = new KeysAndAttributes { Keys = pending, ConsistentRead = true } },
                }, cancellationToken).ConfigureAwait(false);
                if (response.Responses != null && response.Responses.TryGetValue(table, out var items))
                {
                    foreach (var item in items)
                    {
                        found[KeyOf(item, keyNames)] = item;
                    }
                }

                pending = response.UnprocessedKeys != null && response.UnprocessedKeys.TryGetValue(table, out var left) ? left.Keys ?? new List<Dictionary<string, AttributeValue>>() : new List<Dictionary<string, AttributeValue>>();
            }

            return found;
        }
    }
}
