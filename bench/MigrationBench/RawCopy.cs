using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Bench
{
    /// <summary>
    /// (c) The fastest raw copy we know how to write: Scan (plain or segmented) + BatchWriteItem into another table, no
    /// transformation, no checkpoints, no checks; the next page is read while the current one is written with up to
    /// four BatchWriteItem requests in flight per segment. The ceiling a migration runner can approach.
    /// </summary>
    public static class RawCopy
    {
        public static async Task<long> RunAsync(IAmazonDynamoDB db, string source, string target, int segments)
        {
            var counts = await Task.WhenAll(Enumerable.Range(0, segments).Select(segment => CopySegmentAsync(db, source, target, segment, segments))).ConfigureAwait(false);
            return counts.Sum();
        }

        private static async Task<long> CopySegmentAsync(IAmazonDynamoDB db, string source, string target, int segment, int segments)
        {
            long copied = 0;
            using var slots = new SemaphoreSlim(4);
            Task<ScanResponse>? next = Scan(db, source, segment, segments, null);
            while (next != null)
            {
                var page = await next.ConfigureAwait(false);
                var lastKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
                next = lastKey == null ? null : Scan(db, source, segment, segments, lastKey);
                var writes = new List<Task>();
                for (var i = 0; i < page.Items.Count; i += 25)
                {
                    var batch = page.Items.Skip(i).Take(25).Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList();
                    await slots.WaitAsync().ConfigureAwait(false);
                    writes.Add(WriteAsync(db, target, batch, slots));
                }

                await Task.WhenAll(writes).ConfigureAwait(false);
                copied += page.Items.Count;
            }

            return copied;
        }

        private static Task<ScanResponse> Scan(IAmazonDynamoDB db, string table, int segment, int segments, Dictionary<string, AttributeValue>? startKey)
        {
            var request = new ScanRequest { TableName = table, ExclusiveStartKey = startKey };
            if (segments > 1)
            {
                request.Segment = segment;
                request.TotalSegments = segments;
            }

            return db.ScanAsync(request);
        }

        private static async Task WriteAsync(IAmazonDynamoDB db, string table, List<WriteRequest> batch, SemaphoreSlim slots)
        {
            try
            {
                var pending = batch;
                while (pending.Count > 0)
                {
                    var response = await db.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = pending } }).ConfigureAwait(false);
                    pending = response.UnprocessedItems != null && response.UnprocessedItems.TryGetValue(table, out var rest) ? rest : new List<WriteRequest>();
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
