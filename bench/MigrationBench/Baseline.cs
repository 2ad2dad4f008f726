using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Migrations;

namespace AuroraRestore.Bench
{
    /// <summary>
    /// (b) The migration written the way the seed's migrate_state_v1_to_v2.py implies: scan the whole table into a
    /// list, then transform and put each item, one PutItem at a time. The same transform as the runner, so only the
    /// way of reading and writing differs.
    /// </summary>
    public static class Baseline
    {
        public static async Task<long> RunAsync(IAmazonDynamoDB db, string table)
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var page = await db.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = startKey }).ConfigureAwait(false);
                items.AddRange(page.Items);
                startKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (startKey != null);

            var edge = new StateV1ToV2Edge();
            foreach (var item in items)
            {
                await db.PutItemAsync(new PutItemRequest { TableName = table, Item = edge.Up(item) }).ConfigureAwait(false);
            }

            return items.Count;
        }
    }
}
