using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// The migration guide's schema update (update_dynamodb_schema_v1_to_v2.py): the tables' indexes converged to the
    /// hop's schema with UpdateTable, after the switch-over, so an index backfill that grows with the table never holds
    /// intake closed. The index sets before are journaled for the rollback.
    /// </summary>
    internal sealed class TableSchemaStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.TableSchema;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var env = context.Environment;
            var target = context.Catalog.Get(hop!.To);
            if (!entry.Has("previous_schema_version"))
            {
                entry.Set("previous_schema_version", hop.From);
                entry.SetList("previous_state_indexes", await IndexNamesAsync(context, env.StateTableName, cancellationToken).ConfigureAwait(false));
                entry.SetList("previous_audit_indexes", await IndexNamesAsync(context, env.AuditTableName, cancellationToken).ConfigureAwait(false));
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            var converger = new TableSchemaConverger(context.Services.DynamoDb, context.Log, context.Options.TablePollInterval);
            var changes = (await converger.ConvergeAsync(env.StateTableName, target.StateTable, cancellationToken).ConfigureAwait(false))
                .Concat(await converger.ConvergeAsync(env.AuditTableName, target.AuditTable, cancellationToken).ConfigureAwait(false))
                .Select(c => c.ToString()).ToList();
            entry.Set("schema_version", target.Version);
            entry.SetList("changes", changes);
            return changes.Count == 0 ? $"indexes already those of {target.Version}" : string.Join("; ", changes);
        }

        private static async Task<IReadOnlyList<string>> IndexNamesAsync(UpgradeStepContext context, string table, CancellationToken cancellationToken)
            => ((await context.Services.DynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table.GlobalSecondaryIndexes
                ?? new List<GlobalSecondaryIndexDescription>()).Select(i => i.IndexName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
    }
}
