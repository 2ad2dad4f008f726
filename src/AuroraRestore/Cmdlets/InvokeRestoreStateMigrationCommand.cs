using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Migrations;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Migrates the items of an environment's state and audit tables from one pipeline version's formats to another's,
    /// up or down (lossless), resumably from checkpoints; -DryRun or -WhatIf only counts and samples what would change.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RestoreStateMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MigrationResult))]
    public sealed class InvokeRestoreStateMigrationCommand : PipelineCmdlet
    {
        /// <summary>Test hook: SIGKILL this process after that many saved checkpoints.</summary>
        public const string KillAfterCheckpointsVariable = "AURORARESTORE_TEST_KILL_AFTER_CHECKPOINTS";

        /// <summary>Item failures written as errors at the end; more are counted in the result and logged with -Verbose.</summary>
        private const int FailuresReported = 1000;

        /// <summary>The pipeline version the items are in now: 1.0.0, 2.0.0 or 3.0.0 (or 2.0, 2.0.x).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = string.Empty;

        /// <summary>The pipeline version whose formats the items must be in afterwards.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string To { get; set; } = string.Empty;

        /// <summary>State, Audit or All (state, then audit). A MigrationResult piped in binds its TableKind.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TableKind")]
        public MigrationTable Table { get; set; } = MigrationTable.All;

        /// <summary>Read, transform, count and sample; write nothing.</summary>
        [Parameter]
        public SwitchParameter DryRun { get; set; }

        /// <summary>The one segment this runner migrates (0 to TotalSegments - 1), to split a very large table across runners.</summary>
        [Parameter]
        public int? Segment { get; set; }

        /// <summary>How many segments the table is split into; the same in every runner of one migration.</summary>
        [Parameter]
        public int? TotalSegments { get; set; }

        /// <summary>Most items written per second.</summary>
        [Parameter]
        public double? MaxWriteRate { get; set; }

        /// <summary>Write every item conditionally, settled or not (slower; for tables that writers outside the pipeline also change).</summary>
        [Parameter]
        public SwitchParameter ConditionalWritesOnly { get; set; }

        protected override void ProcessRecordCore()
        {
            var path = MigrationCatalog.Default.PathBetween(From, To);
            var template = Options(dryRun: false);
            template.Validate();
            var environment = PipelineEnvironment;
            var tables = Table == MigrationTable.All ? new[] { MigrationTable.State, MigrationTable.Audit } : new[] { Table };
            using var dynamoDb = AwsContext.CreateDynamoDb();

            // Every table must exist before any is changed.
            var itemCounts = new Dictionary<MigrationTable, long>();
            foreach (var table in tables)
            {
                var name = TableName(table);
                itemCounts[table] = Run(token => ItemCountAsync(dynamoDb, name, token));
            }

            foreach (var table in tables)
            {
                var name = TableName(table);
                var dryRun = DryRun.IsPresent
                    || !ShouldProcess($"{name} ({itemCounts[table].ToString(CultureInfo.InvariantCulture)} items, environment {environment.Name})", $"Migrate items from {path.FromVersion}.0 to {path.ToVersion}.0");
                var failures = new ConcurrentQueue<MigrationItemFailure>();
                var options = Options(dryRun);
                options.ItemFailed = failure =>
                {
                    if (failures.Count < FailuresReported)
                    {
                        failures.Enqueue(failure);
                    }
                };
                var migration = new ItemMigration(path, table, ConditionalWritesOnly.IsPresent);
                var result = Run(async token =>
                {
                    ControlTable? control = null;
                    if (!dryRun)
                    {
                        await ControlTable.EnsureExistsAsync(dynamoDb, environment.ControlTableName, token).ConfigureAwait(false);
                        control = new ControlTable(dynamoDb, environment.ControlTableName);
                    }

                    return await new MigrationRunner(dynamoDb, control, AwsContext.Log).RunAsync(name, migration, options, token).ConfigureAwait(false);
                });

                foreach (var failure in failures)
                {
                    WriteError(ToErrorRecord(ItemError(failure)));
                }

                if (result.ItemsFailed > failures.Count)
                {
                    WriteWarning($"{result.ItemsFailed - failures.Count} more items of {name} failed; run with -Verbose to see each.");
                }

                WriteObject(result);
            }
        }

        private string TableName(MigrationTable table) => table == MigrationTable.State ? PipelineEnvironment.StateTableName : PipelineEnvironment.AuditTableName;

        private MigrationRunnerOptions Options(bool dryRun) => new MigrationRunnerOptions
        {
            DryRun = dryRun,
            Segment = Segment,
            TotalSegments = TotalSegments,
            MaxWriteRate = MaxWriteRate,
            CheckpointSaved = KillHook(),
        };

        /// <summary>
        /// The test hook (<see cref="KillAfterCheckpointsVariable"/> = N): a real SIGKILL of this process right after the
        /// N-th checkpoint is saved (a page written, or a segment finished), so that a test kills the runner mid-way at a
        /// known point instead of racing it with a timer. Never set outside tests (docs/migrations.md).
        /// </summary>
        private static System.Action<SegmentCheckpoint>? KillHook()
        {
            var value = System.Environment.GetEnvironmentVariable(KillAfterCheckpointsVariable);
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            {
                return null;
            }

            var saved = 0;
            return checkpoint =>
            {
                if (Interlocked.Increment(ref saved) >= limit)
                {
                    using var self = System.Diagnostics.Process.GetCurrentProcess();
                    self.Kill();
                }
            };
        }

        private static async Task<long> ItemCountAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken)
        {
            try
            {
                var table = (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table;
                return table.ItemCount ?? 0;
            }
            catch (ResourceNotFoundException ex)
            {
                throw new AuroraRestoreException(
                    MigrationErrorIds.TableNotFound, FailureCategory.ObjectNotFound, tableName,
                    $"The table {tableName} does not exist: there is nothing to migrate.",
                    "Check -Environment and -Region; install the pipeline first if this environment has none.",
                    ex);
            }
        }

        private static AuroraRestoreException ItemError(MigrationItemFailure failure)
        {
            var (category, action) = failure.ErrorId switch
            {
                MigrationErrorIds.ConcurrentUpdateConflict => (FailureCategory.ResourceBusy, "Run the migration again once the pipeline is idle; it writes only the items still to migrate."),
                MigrationErrorIds.ItemWriteRejected => (FailureCategory.InvalidData, "Shrink the item (it is too large in the new format, for example), then run the migration again."),
                _ => (FailureCategory.InvalidData, "Inspect the item (aws dynamodb get-item); correct or remove it, then run the migration again. It was left unchanged."),
            };
            return new AuroraRestoreException(failure.ErrorId, category, failure, $"{failure.Table} [{failure.Key}]: {failure.Message}", action);
        }
    }
}
