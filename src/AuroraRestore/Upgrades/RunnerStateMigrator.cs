using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Migrations;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The upgrade's state migration on the streaming <see cref="MigrationRunner"/> (what Invoke-RestoreStateMigration
    /// runs): a parallel segmented scan, the catalog's pure transforms, conditional writes for items a writer may still
    /// change, checkpoints in the control table under the step's migration id, so a resumed step carries on where it
    /// stopped.
    /// </summary>
    public sealed class RunnerStateMigrator : IStateMigrator
    {
        private const int FailuresNamed = 10;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;
        private readonly int? fixedParallelism;

        /// <param name="dynamoDb">The client for the tables.</param>
        /// <param name="log">Narration; each failed item is also written here.</param>
        /// <param name="fixedParallelism">Pins the runner's write slots (tests against moto); null measures the best level.</param>
        public RunnerStateMigrator(IAmazonDynamoDB dynamoDb, IOperationLog log, int? fixedParallelism = null)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
            this.fixedParallelism = fixedParallelism;
        }

        public async Task<StateMigrationOutcome> MigrateAsync(PipelineEnvironment environment, MigrationTable table, string fromVersion, string toVersion, string migrationId, CancellationToken cancellationToken)
        {
            var tableName = table == MigrationTable.State ? environment.StateTableName : environment.AuditTableName;
            var failures = new ConcurrentQueue<MigrationItemFailure>();
            var options = new MigrationRunnerOptions
            {
                MigrationId = migrationId,
                FixedParallelism = fixedParallelism,
                ItemFailed = failure =>
                {
                    log.Warning(failure.ToString());
                    if (failures.Count < FailuresNamed)
                    {
                        failures.Enqueue(failure);
                    }
                },
            };
            var control = new ControlTable(dynamoDb, environment.ControlTableName);
            var migration = new ItemMigration(MigrationCatalog.Default.PathBetween(fromVersion, toVersion), table);
            var result = await new MigrationRunner(dynamoDb, control, log).RunAsync(tableName, migration, options, cancellationToken).ConfigureAwait(false);
            if (result.ItemsFailed > 0)
            {
                log.Warning($"{result.ItemsFailed} item(s) of {tableName} were not migrated, for example: {string.Join("; ", failures.Select(f => f.ToString()))}");
            }

            return new StateMigrationOutcome
            {
                TableName = tableName,
                ItemsRead = result.ItemsRead,
                ItemsChanged = result.ItemsChanged,
                ItemsSkipped = result.ItemsSkipped,
                ItemsFailed = result.ItemsFailed,
                ChecksumBefore = result.ChecksumBefore,
                ChecksumAfter = result.ChecksumAfter,
                Completed = result.Completed,
            };
        }
    }
}
