using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;

namespace AuroraRestore.Control
{
    /// <summary>
    /// The module's own DynamoDB table (<c>PipelineEnvironment.ControlTableName</c>: pk S HASH, sk S RANGE,
    /// PAY_PER_REQUEST) beside the pipeline's tables, so that any runner can resume what another started: migration
    /// checkpoints, the upgrade lock, journal and intake freeze. A small typed wrapper: get, put, conditional put,
    /// delete and query by partition, all strongly consistent.
    /// </summary>
    public sealed class ControlTable
    {
        private readonly IAmazonDynamoDB dynamoDb;

        public ControlTable(IAmazonDynamoDB dynamoDb, string tableName)
        {
            this.dynamoDb = dynamoDb;
            TableName = tableName;
        }

        public string TableName { get; }

        /// <summary>
        /// Creates the control table if it is missing and waits until it is ACTIVE; refuses a table of that name with
        /// another key schema (ControlTableSchemaMismatch) rather than writing records into it.
        /// </summary>
        public static async Task EnsureExistsAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken, TimeSpan? timeout = null)
        {
            var description = await DescribeAsync(dynamoDb, tableName, cancellationToken).ConfigureAwait(false);
            if (description == null)
            {
                try
                {
                    await dynamoDb.CreateTableAsync(
                        new CreateTableRequest
                        {
                            TableName = tableName,
                            BillingMode = BillingMode.PAY_PER_REQUEST,
                            AttributeDefinitions = new List<AttributeDefinition>
                            {
                                new AttributeDefinition(ControlRecord.PartitionKeyName, ScalarAttributeType.S),
                                new AttributeDefinition(ControlRecord.SortKeyName, ScalarAttributeType.S),
                            },
                            KeySchema = new List<KeySchemaElement>
                            {
                                new KeySchemaElement(ControlRecord.PartitionKeyName, KeyType.HASH),
                                new KeySchemaElement(ControlRecord.SortKeyName, KeyType.RANGE),
                            },
                            Tags = new List<Tag> { new Tag { Key = "aurora-restore:purpose", Value = "control" } },
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (ResourceInUseException)
                {
                    // Another runner created it at the same moment: fine, wait for it like for our own.
                }
            }
            else
            {
                RequireSchema(tableName, description);
            }

            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
            var delay = TimeSpan.FromMilliseconds(200);
            while (true)
            {
                description = await DescribeAsync(dynamoDb, tableName, cancellationToken).ConfigureAwait(false);
                if (description != null && description.TableStatus == TableStatus.ACTIVE)
                {
                    RequireSchema(tableName, description);
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new AuroraRestoreException(
                        "ControlTableNotActive", FailureCategory.OperationTimeout, tableName,
                        $"The control table {tableName} did not become ACTIVE in time (status {description?.TableStatus?.Value ?? "missing"}).",
                        "Check the table in the DynamoDB console, then run the command again.");
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }

        public async Task<ControlRecord?> GetAsync(string pk, string sk, CancellationToken cancellationToken)
        {
            var response = await dynamoDb.GetItemAsync(
                new GetItemRequest { TableName = TableName, Key = Key(pk, sk), ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            return response.Item is { Count: > 0 } ? FromItem(response.Item) : null;
        }

        /// <summary>Stores the record whatever is there; returns it as stored (revision + 1).</summary>
        public async Task<ControlRecord> PutAsync(ControlRecord record, CancellationToken cancellationToken)
        {
            var stored = Next(record);
            await dynamoDb.PutItemAsync(new PutItemRequest { TableName = TableName, Item = ToItem(stored) }, cancellationToken).ConfigureAwait(false);
            return stored;
        }

        /// <summary>
        /// Stores the record if <paramref name="condition"/> holds; returns it as stored, or null when it did not hold.
        /// A request whose answer was lost (a dropped connection) is sent again by the AWS SDK, or by .NET's HTTP stack
        /// below it; if the first attempt was applied, the second fails its condition against the record it wrote itself.
        /// The write token stored with the record tells that case apart from a real conflict.
        /// </summary>
        public async Task<ControlRecord?> TryPutAsync(ControlRecord record, ControlPutCondition condition, CancellationToken cancellationToken)
        {
            var stored = Next(record);
            var token = Guid.NewGuid().ToString("N");
            var item = ToItem(stored);
            item[ControlRecord.WriteTokenName] = new AttributeValue { S = token };
            var request = new PutItemRequest { TableName = TableName, Item = item };
            Condition(request, condition);
            try
            {
                await dynamoDb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
                return stored;
            }
            catch (ConditionalCheckFailedException)
            {
                var current = await dynamoDb.GetItemAsync(
                    new GetItemRequest { TableName = TableName, Key = Key(record.Pk, record.Sk), ConsistentRead = true },
                    cancellationToken).ConfigureAwait(false);
                var ours = current.Item != null && current.Item.TryGetValue(ControlRecord.WriteTokenName, out var found) && found.S == token;
                return ours ? stored : null;
            }
        }

        public Task DeleteAsync(string pk, string sk, CancellationToken cancellationToken)
            => dynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = TableName, Key = Key(pk, sk) }, cancellationToken);

        /// <summary>
        /// Deletes the record only if it is still at <paramref name="revision"/>; false when another revision is there.
        /// A record that is gone counts as deleted: a delete whose answer was lost and that was sent again finds it gone.
        /// </summary>
        public async Task<bool> TryDeleteAsync(string pk, string sk, long revision, CancellationToken cancellationToken)
        {
            try
            {
                await dynamoDb.DeleteItemAsync(
                    new DeleteItemRequest
                    {
                        TableName = TableName,
                        Key = Key(pk, sk),
                        ConditionExpression = "#r = :r",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#r"] = ControlRecord.RevisionName },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":r"] = Number(revision) },
                    },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return await GetAsync(pk, sk, cancellationToken).ConfigureAwait(false) == null;
            }
        }

        /// <summary>Every record of a partition, in sort key order (all pages).</summary>
        public async Task<IReadOnlyList<ControlRecord>> QueryAsync(string pk, CancellationToken cancellationToken)
        {
            var records = new List<ControlRecord>();
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var response = await dynamoDb.QueryAsync(
                    new QueryRequest
                    {
                        TableName = TableName,
                        KeyConditionExpression = "#pk = :pk",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = ControlRecord.PartitionKeyName },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new AttributeValue { S = pk } },
                        ConsistentRead = true,
                        ExclusiveStartKey = startKey,
                    },
                    cancellationToken).ConfigureAwait(false);
                records.AddRange((response.Items ?? new List<Dictionary<string, AttributeValue>>()).Select(FromItem));
                startKey = response.LastEvaluatedKey is { Count: > 0 } ? response.LastEvaluatedKey : null;
            }
            while (startKey != null);
            return records;
        }

        private static void Condition(PutItemRequest request, ControlPutCondition condition)
        {
            request.ExpressionAttributeNames = new Dictionary<string, string>();
            if (condition.MustNotExist)
            {
                request.ConditionExpression = "attribute_not_exists(#pk)";
                request.ExpressionAttributeNames["#pk"] = ControlRecord.PartitionKeyName;
            }
            else
            {
                request.ConditionExpression = "#r = :r";
                request.ExpressionAttributeNames["#r"] = ControlRecord.RevisionName;
                request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":r"] = Number(condition.ExpectedRevision!.Value) };
            }
        }

        private static ControlRecord Next(ControlRecord record) => new ControlRecord(record.Pk, record.Sk, record.Attributes, record.Revision + 1);

        private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new Dictionary<string, AttributeValue>
        {
            [ControlRecord.PartitionKeyName] = new AttributeValue { S = pk },
            [ControlRecord.SortKeyName] = new AttributeValue { S = sk },
        };

        private static Dictionary<string, AttributeValue> ToItem(ControlRecord record)
        {
            var item = Key(record.Pk, record.Sk);
            item[ControlRecord.RevisionName] = Number(record.Revision);
            foreach (var attribute in record.Attributes)
            {
                item[attribute.Key] = attribute.Value;
            }

            return item;
        }

        private static ControlRecord FromItem(Dictionary<string, AttributeValue> item)
        {
            var attributes = item.Where(e => !ControlRecord.IsReserved(e.Key)).ToDictionary(e => e.Key, e => e.Value);
            var revision = item.TryGetValue(ControlRecord.RevisionName, out var r) && r.N != null ? long.Parse(r.N, CultureInfo.InvariantCulture) : 0;
            return new ControlRecord(item[ControlRecord.PartitionKeyName].S, item[ControlRecord.SortKeyName].S, attributes, revision);
        }

        private static AttributeValue Number(long value) => new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };

        private static async Task<TableDescription?> DescribeAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken)
        {
            try
            {
                return (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table;
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }
        }

        private static void RequireSchema(string tableName, TableDescription description)
        {
            var keys = (description.KeySchema ?? new List<KeySchemaElement>()).Select(k => k.AttributeName + ":" + k.KeyType.Value).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var expected = new[] { ControlRecord.PartitionKeyName + ":HASH", ControlRecord.SortKeyName + ":RANGE" };
            if (!keys.SequenceEqual(expected))
            {
                throw new AuroraRestoreException(
                    "ControlTableSchemaMismatch", FailureCategory.InvalidData, tableName,
                    $"The table {tableName} exists but its key is ({string.Join(", ", keys)}), not the control table's (pk HASH, sk RANGE).",
                    "Rename or delete that table, or use another -Environment; the module never writes its records into a foreign table.");
            }
        }
    }
}
