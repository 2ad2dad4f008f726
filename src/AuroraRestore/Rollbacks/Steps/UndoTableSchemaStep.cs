using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// The tables' indexes converged back to the previous version's schema (TableSchemaConverger: indexes created by the
    /// upgrade are deleted), after the older code serves again, so no index disappears under code that queries it.
    /// </summary>
    internal sealed class UndoTableSchemaStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var undone = context.Undone(step)!;
            var version = undone.GetString("previous_schema_version");
            if (version == null)
            {
                return "the upgrade step was stopped before it recorded the indexes, so it changed none";
            }

            var env = context.Environment;
            var previous = context.Catalog.Get(version);
            var converger = new TableSchemaConverger(context.Services.DynamoDb, context.Log, context.Options.TablePollInterval);
            var changes = (await converger.ConvergeAsync(env.StateTableName, previous.StateTable, cancellationToken).ConfigureAwait(false))
                .Concat(await converger.ConvergeAsync(env.AuditTableName, previous.AuditTable, cancellationToken).ConfigureAwait(false))
                .Select(c => c.ToString()).ToList();
            entry.Set("schema_version", version);
            entry.SetList("changes", changes);

            // Indexes there were before that no version declares (added by hand) cannot be made again from the catalog: say so.
            var lost = new List<string>();
            foreach (var (table, recorded) in new[] { (env.StateTableName, undone.GetList("previous_state_indexes")), (env.AuditTableName, undone.GetList("previous_audit_indexes")) })
            {
                context.Log.Verbose($"DynamoDB DescribeTable {table}");
                var now = ((await context.Services.DynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table.GlobalSecondaryIndexes
                    ?? new List<GlobalSecondaryIndexDescription>()).Select(i => i.IndexName).ToHashSet(StringComparer.Ordinal);
                lost.AddRange(recorded.Where(i => !now.Contains(i)).Select(i => $"{table}: {i}"));
            }

            if (lost.Count > 0)
            {
                context.Log.Warning($"Indexes there were before the upgrade that {version}'s schema does not declare are not there now: {string.Join(", ", lost)}.");
                entry.SetList("indexes_not_restored", lost);
            }

            return (changes.Count == 0 ? $"indexes already those of {version}" : string.Join("; ", changes))
                + (lost.Count == 0 ? string.Empty : $"; not declared by {version}, not restored: {string.Join(", ", lost)}");
        }
    }
}
