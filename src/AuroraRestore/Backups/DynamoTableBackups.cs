using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// The DynamoDB side of backups: on-demand backups (waited to AVAILABLE), restores into scratch tables (waited to
    /// ACTIVE), scratch removal (waited until gone), and a table's shape as the manifest records it. Every wait polls
    /// with a timeout and says what it waited for.
    /// </summary>
    public sealed class DynamoTableBackups
    {
        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IOperationLog log;
        private readonly TimeSpan pollInterval;
        private readonly TimeSpan timeout;

        public DynamoTableBackups(IAmazonDynamoDB dynamoDb, IOperationLog log, TimeSpan? pollInterval = null, TimeSpan? timeout = null)
        {
            this.dynamoDb = dynamoDb;
            this.log = log;
            this.pollInterval = pollInterval ?? TimeSpan.FromSeconds(2);
            this.timeout = timeout ?? TimeSpan.FromMinutes(60);
        }

        /// <returns>The table, or null when it does not exist.</returns>
        public async Task<TableDescription?> TryDescribeTableAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                log.Verbose($"DynamoDB DescribeTable {tableName}");
                return (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table;
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }
        }

        public async Task<TableDescription> DescribeTableAsync(string tableName, CancellationToken cancellationToken)
            => await TryDescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)
               ?? throw new AuroraRestoreException(
                   BackupErrorIds.TableNotFound, FailureCategory.ObjectNotFound, tableName,
                   $"DynamoDB table {tableName} does not exist.",
                   "Check -Environment and -Region; Get-RestorePipeline shows what is deployed.");

        /// <summary>Creates an on-demand backup and waits until it is AVAILABLE; returns its ARN.</summary>
        public async Task<string> CreateBackupAsync(string tableName, string backupName, CancellationToken cancellationToken)
        {
            log.Verbose($"DynamoDB CreateBackup {tableName} as {backupName}");
            var created = await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = tableName, BackupName = backupName }, cancellationToken).ConfigureAwait(false);
            var arn = created.BackupDetails.BackupArn;
            await WaitAsync(
                async () =>
                {
                    var backup = await DescribeBackupAsync(arn, cancellationToken).ConfigureAwait(false);
                    return (backup?.BackupDetails?.BackupStatus == BackupStatus.AVAILABLE, backup?.BackupDetails?.BackupStatus?.Value ?? "missing");
                },
                $"backup {backupName} of {tableName} to become AVAILABLE",
                tableName,
                cancellationToken).ConfigureAwait(false);
            return arn;
        }

        /// <returns>The backup, or null when it does not exist (deleted, or never there).</returns>
        public async Task<BackupDescription?> DescribeBackupAsync(string backupArn, CancellationToken cancellationToken)
        {
            try
            {
                log.Verbose($"DynamoDB DescribeBackup {backupArn}");
                return (await dynamoDb.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = backupArn }, cancellationToken).ConfigureAwait(false)).BackupDescription;
            }
            catch (BackupNotFoundException)
            {
                return null;
            }
        }

        public async Task DeleteBackupAsync(string backupArn, CancellationToken cancellationToken)
        {
            log.Verbose($"DynamoDB DeleteBackup {backupArn}");
            try
            {
                await dynamoDb.DeleteBackupAsync(new DeleteBackupRequest { BackupArn = backupArn }, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupNotFoundException)
            {
                // Already gone.
            }
        }

        /// <summary>
        /// Restores a backup into <paramref name="scratchTable"/> and waits until it is ACTIVE. A scratch table left by an
        /// earlier, interrupted run from the same backup is reused (it can only hold that backup's items).
        /// </summary>
        public async Task RestoreToScratchAsync(string backupArn, string scratchTable, CancellationToken cancellationToken)
        {
            var existing = await TryDescribeTableAsync(scratchTable, cancellationToken).ConfigureAwait(false);
            if (existing == null)
            {
                try
                {
                    log.Verbose($"DynamoDB RestoreTableFromBackup {backupArn} into {scratchTable}");
                    await dynamoDb.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { BackupArn = backupArn, TargetTableName = scratchTable }, cancellationToken).ConfigureAwait(false);
                }
                catch (TableAlreadyExistsException)
                {
                    // Created by the interrupted run a moment ago: wait for it like for our own.
                }
            }
            else if (existing.RestoreSummary?.SourceBackupArn is string source && source != backupArn)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.ScratchTableInUse, FailureCategory.ResourceExists, scratchTable,
                    $"The scratch table {scratchTable} exists and holds another backup ({source}).",
                    $"Delete {scratchTable} (aws dynamodb delete-table) once nothing uses it, then run the command again.");
            }

            await WaitAsync(
                async () =>
                {
                    var table = await TryDescribeTableAsync(scratchTable, cancellationToken).ConfigureAwait(false);
                    return (table?.TableStatus == TableStatus.ACTIVE && table.RestoreSummary?.RestoreInProgress != true, table?.TableStatus?.Value ?? "missing");
                },
                $"scratch table {scratchTable} to become ACTIVE",
                scratchTable,
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes a table and waits until it is gone; a table already gone is fine.</summary>
        public async Task DeleteTableAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                log.Verbose($"DynamoDB DeleteTable {tableName}");
                await dynamoDb.DeleteTableAsync(new DeleteTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException)
            {
                return;
            }

            await WaitAsync(
                async () =>
                {
                    var table = await TryDescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
                    return (table == null, table?.TableStatus?.Value ?? "gone");
                },
                $"table {tableName} to be deleted",
                tableName,
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The key schema with each key's attribute type, as the manifest records it.</summary>
        public static IReadOnlyList<ManifestKeyElement> KeySchemaOf(TableDescription table)
            => Keys(table.KeySchema, table.AttributeDefinitions);

        public static IReadOnlyList<ManifestIndex> IndexesOf(TableDescription table)
            => (table.GlobalSecondaryIndexes ?? new List<GlobalSecondaryIndexDescription>())
                .OrderBy(i => i.IndexName, StringComparer.Ordinal)
                .Select(i => new ManifestIndex(i.IndexName, Keys(i.KeySchema, table.AttributeDefinitions), i.Projection?.ProjectionType?.Value ?? "ALL"))
                .ToList();

        /// <summary>moto leaves BillingModeSummary empty for on-demand tables it restores; PROVISIONED is what AWS assumes without one.</summary>
        public static string BillingModeOf(TableDescription table) => table.BillingModeSummary?.BillingMode?.Value ?? "PROVISIONED";

        private static IReadOnlyList<ManifestKeyElement> Keys(List<KeySchemaElement>? keys, List<AttributeDefinition>? definitions)
            => (keys ?? new List<KeySchemaElement>())
                .Select(k => new ManifestKeyElement(
                    k.AttributeName,
                    definitions?.FirstOrDefault(d => d.AttributeName == k.AttributeName)?.AttributeType?.Value ?? "S",
                    k.KeyType.Value))
                .ToList();

        private async Task WaitAsync(Func<Task<(bool Done, string Status)>> poll, string what, string target, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var (done, status) = await poll().ConfigureAwait(false);
                if (done)
                {
                    return;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.BackupWaitTimedOut, FailureCategory.OperationTimeout, target,
                        $"Waited {timeout.TotalMinutes:0.#} min for {what}; it is {status}.",
                        "Check it in the DynamoDB console, then run the command again: it carries on from where it stopped.");
                }

                log.Verbose($"Waiting for {what} ({status})");
                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
