using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// The schema step: brings a table's global secondary indexes to those a pipeline version declares, with UpdateTable,
    /// waiting for each change. Converging to the newer version's schema is the upgrade, to the older one the rollback.
    /// Tables are never changed through CloudFormation (a stack update that touches a table replaces it and loses its data).
    /// </summary>
    public sealed class TableSchemaConverger
    {
        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;
        private readonly TimeSpan pollInterval;
        private readonly TimeSpan timeout;

        public TableSchemaConverger(IAmazonDynamoDB dynamoDb, IOperationLog log, TimeSpan? pollInterval = null, TimeSpan? timeout = null)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
            this.pollInterval = pollInterval ?? TimeSpan.FromSeconds(5);
            this.timeout = timeout ?? TimeSpan.FromMinutes(60);
        }

        /// <summary>What converging would change, without changing anything.</summary>
        public async Task<IReadOnlyList<SchemaChange>> DiffAsync(string tableName, TableSchemaDefinition desired, CancellationToken cancellationToken)
        {
            var table = await DescribeAsync(tableName, cancellationToken).ConfigureAwait(false);
            return Diff(table, desired);
        }

        /// <summary>Makes the changes one at a time (DynamoDB allows one index creation per UpdateTable) and waits for each.</summary>
        public async Task<IReadOnlyList<SchemaChange>> ConvergeAsync(string tableName, TableSchemaDefinition desired, CancellationToken cancellationToken)
        {
            var table = await DescribeAsync(tableName, cancellationToken).ConfigureAwait(false);
            var changes = Diff(table, desired);
            foreach (var change in changes)
            {
                if (change.Action == "DeleteIndex")
                {
                    log.Verbose($"DynamoDB UpdateTable {tableName}: delete index {change.IndexName}");
                    await dynamoDb.UpdateTableAsync(new UpdateTableRequest
                    {
                        TableName = tableName,
                        GlobalSecondaryIndexUpdates = new List<GlobalSecondaryIndexUpdate> { new GlobalSecondaryIndexUpdate { Delete = new DeleteGlobalSecondaryIndexAction { IndexName = change.IndexName } } },
                    }, cancellationToken).ConfigureAwait(false);
                    await WaitAsync(tableName, t => t.GlobalSecondaryIndexes == null || t.GlobalSecondaryIndexes.All(i => i.IndexName != change.IndexName), $"index {change.IndexName} to be deleted", cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var change in changes)
            {
                if (change.Action == "CreateIndex")
                {
                    var index = desired.Indexes.First(i => i.Name == change.IndexName);
                    log.Verbose($"DynamoDB UpdateTable {tableName}: create index {index.Name}");
                    await dynamoDb.UpdateTableAsync(new UpdateTableRequest
                    {
                        TableName = tableName,
                        // The table's own definitions too: moto replaces (rather than merges) the definitions with those sent,
                        // which loses the table's key and breaks restore-table-from-backup; AWS accepts either.
                        AttributeDefinitions = KeyAttributesOf(index).Select(k => new AttributeDefinition(k.Name, new ScalarAttributeType(k.Type)))
                            .Concat((table.AttributeDefinitions ?? new List<AttributeDefinition>()).Where(d => KeyAttributesOf(index).All(k => k.Name != d.AttributeName)))
                            .ToList(),
                        GlobalSecondaryIndexUpdates = new List<GlobalSecondaryIndexUpdate>
                        {
                            new GlobalSecondaryIndexUpdate
                            {
                                Create = new CreateGlobalSecondaryIndexAction
                                {
                                    IndexName = index.Name,
                                    KeySchema = KeySchemaOf(index),
                                    Projection = new Projection { ProjectionType = new ProjectionType(index.ProjectionType) },
                                },
                            },
                        },
                    }, cancellationToken).ConfigureAwait(false);
                    await WaitAsync(tableName, t => t.GlobalSecondaryIndexes != null && t.GlobalSecondaryIndexes.Any(i => i.IndexName == index.Name && i.IndexStatus == IndexStatus.ACTIVE), $"index {index.Name} to become ACTIVE", cancellationToken).ConfigureAwait(false);
                }
            }

            return changes;
        }

        private static IReadOnlyList<SchemaChange> Diff(TableDescription table, TableSchemaDefinition desired)
        {
            var existing = table.GlobalSecondaryIndexes ?? new List<GlobalSecondaryIndexDescription>();
            var changes = new List<SchemaChange>();
            foreach (var index in existing)
            {
                var wanted = desired.Indexes.FirstOrDefault(i => i.Name == index.IndexName);
                if (wanted == null)
                {
                    changes.Add(new SchemaChange(table.TableName, "DeleteIndex", index.IndexName, "not in this version's schema"));
                }
                else if (!SameKeys(index, wanted))
                {
                    // Indexes are derived data: rebuilding one with the declared keys loses nothing.
                    changes.Add(new SchemaChange(table.TableName, "DeleteIndex", index.IndexName, "its keys differ from this version's schema"));
                    changes.Add(new SchemaChange(table.TableName, "CreateIndex", wanted.Name, Describe(wanted)));
                }
            }

            foreach (var index in desired.Indexes)
            {
                if (existing.All(e => e.IndexName != index.Name))
                {
                    changes.Add(new SchemaChange(table.TableName, "CreateIndex", index.Name, Describe(index)));
                }
            }

            return changes;
        }

        private static bool SameKeys(GlobalSecondaryIndexDescription actual, IndexDefinition wanted)
        {
            var expected = KeySchemaOf(wanted);
            return actual.KeySchema.Count == expected.Count
                && actual.KeySchema.Zip(expected, (a, e) => a.AttributeName == e.AttributeName && a.KeyType == e.KeyType).All(x => x);
        }

        private static List<KeySchemaElement> KeySchemaOf(IndexDefinition index)
        {
            var keys = new List<KeySchemaElement> { new KeySchemaElement(index.HashKey.Name, KeyType.HASH) };
            if (index.RangeKey != null)
            {
                keys.Add(new KeySchemaElement(index.RangeKey.Name, KeyType.RANGE));
            }

            return keys;
        }

        private static IEnumerable<KeyAttribute> KeyAttributesOf(IndexDefinition index)
            => index.RangeKey == null ? new[] { index.HashKey } : new[] { index.HashKey, index.RangeKey };

        private static string Describe(IndexDefinition index)
            => index.RangeKey == null ? $"HASH {index.HashKey.Name}" : $"HASH {index.HashKey.Name}, RANGE {index.RangeKey.Name}";

        private async Task<TableDescription> DescribeAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                return (await dynamoDb.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table;
            }
            catch (ResourceNotFoundException)
            {
                throw new AuroraRestoreException(
                    "TableNotFound", FailureCategory.ObjectNotFound, tableName,
                    $"DynamoDB table {tableName} does not exist.",
                    "Check -Environment and -Region; Get-RestorePipeline shows what is deployed.");
            }
        }

        private async Task WaitAsync(string tableName, Func<TableDescription, bool> done, string what, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var table = await DescribeAsync(tableName, cancellationToken).ConfigureAwait(false);
                if (table.TableStatus == TableStatus.ACTIVE && done(table))
                {
                    return;
                }

                if (clock.Elapsed >= timeout)
                {
                    throw new AuroraRestoreException(
                        "TableUpdateTimedOut", FailureCategory.OperationTimeout, tableName,
                        $"Waited {timeout.TotalMinutes:0.#} min for {what} on {tableName}; the table is {table.TableStatus}.",
                        "Wait until the table is ACTIVE (aws dynamodb describe-table), then run the command again; it resumes.");
                }

                log.Verbose($"Waiting for {what} on {tableName} ({table.TableStatus})");
                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
