using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// "DynamoDB tables have the correct schema": both tables exist with the key schema every version keeps, exactly the
    /// expected version's indexes (the schema step's own diff), and a sample of their items in the version's formats.
    /// </summary>
    public sealed class TableSchemaCheck
    {
        /// <summary>How many items of each table are sampled (one Scan page).</summary>
        public const int SampleSize = 100;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;

        public TableSchemaCheck(IAmazonDynamoDB dynamoDb, IOperationLog log)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
        }

        public async Task<PipelineCheck> RunAsync(VerificationTarget target, CancellationToken cancellationToken)
        {
            var env = target.Environment;
            var version = target.Version;
            var problems = new List<string>();
            var sampled = 0;
            foreach (var (table, schema, format) in new[] { (env.StateTableName, version.StateTable, version.StateFormat), (env.AuditTableName, version.AuditTable, version.AuditFormat) })
            {
                TableDescription description;
                try
                {
                    description = (await dynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table;
                }
                catch (ResourceNotFoundException)
                {
                    problems.Add($"table {table} is missing");
                    continue;
                }

                problems.AddRange(KeyProblems(description, schema));
                var changes = await new TableSchemaConverger(dynamoDb, log).DiffAsync(table, schema, cancellationToken).ConfigureAwait(false);
                problems.AddRange(changes.Select(c => c.Action == "CreateIndex"
                    ? $"{table}: index {c.IndexName} is missing ({c.Detail})"
                    : $"{table}: index {c.IndexName} should not be there ({c.Detail})"));

                var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, Limit = SampleSize }, cancellationToken).ConfigureAwait(false);
                var items = page.Items ?? new List<Dictionary<string, AttributeValue>>();
                sampled += items.Count;
                problems.AddRange(ItemFormatSample.Problems(table, items, format, version.Version));
            }

            var indexes = version.StateTable.Indexes.Count + version.AuditTable.Indexes.Count;
            var migrationPending = problems.Any(p => p.Contains("migration pending") || p.Contains("down-migration"));
            return PipelineCheck.FromProblems(
                CheckNames.TableSchema, target, problems,
                $"{env.StateTableName} and {env.AuditTableName} have their keys, the {indexes} index(es) of {version.Version}, and {sampled} sampled items in formats {version.StateFormat}/{version.AuditFormat}.",
                migrationPending
                    ? $"Migrate the items to the formats of {version.Version} (Invoke-RestoreStateMigration), then verify again."
                    : $"Run the schema step again: Install-RestorePipeline -Version {version.Version} -Environment {env.Name} on an unfinished install, or the upgrade or rollback that changed the version.");
        }

        private static IEnumerable<string> KeyProblems(TableDescription table, TableSchemaDefinition schema)
        {
            var types = (table.AttributeDefinitions ?? new List<AttributeDefinition>()).ToDictionary(a => a.AttributeName, a => a.AttributeType?.Value);
            var expected = new List<(KeyAttribute Key, KeyType Type)> { (schema.HashKey, KeyType.HASH) };
            if (schema.RangeKey != null)
            {
                expected.Add((schema.RangeKey, KeyType.RANGE));
            }

            var actual = table.KeySchema ?? new List<KeySchemaElement>();
            // A key's type is compared when the table lists it: moto replaces AttributeDefinitions with those of the last
            // UpdateTable (tables changed by an older schema step sent the index keys only); AWS always lists them.
            var matches = actual.Count == expected.Count && actual.Zip(expected, (a, e) =>
                a.AttributeName == e.Key.Name && a.KeyType == e.Type && (!types.TryGetValue(a.AttributeName, out var type) || type == e.Key.Type)).All(x => x);
            if (!matches)
            {
                var describedActual = string.Join(", ", actual.Select(a => $"{a.KeyType} {a.AttributeName} ({(types.TryGetValue(a.AttributeName, out var t) ? t : "?")})"));
                var describedExpected = string.Join(", ", expected.Select(e => $"{e.Type} {e.Key}"));
                yield return $"{table.TableName}: key schema is {describedActual}, expected {describedExpected}";
            }
        }
    }
}
