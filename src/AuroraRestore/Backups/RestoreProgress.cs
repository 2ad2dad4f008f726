using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Control;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Where a table restore stands, kept in the control table (pk <c>restore#&lt;backup&gt;#&lt;table&gt;</c>, sk
    /// <c>progress</c>) so that a run killed at any point is finished by running it again, on any machine. Written
    /// before each phase starts; deleted when the restore of that table is done.
    /// </summary>
    public sealed class RestoreProgress
    {
        /// <summary>The safety set is taken; nothing has changed yet.</summary>
        public const string SafetyTaken = "safety-taken";

        /// <summary>The live table is being changed (or about to be): a re-run restores the scratch table again if needed and converges.</summary>
        public const string Converging = "converging";

        /// <summary>The live table matches the backup; only the scratch table is left to drop.</summary>
        public const string Converged = "converged";

        public const string SortKey = "progress";

        public RestoreProgress(string backupName, string tableName, string phase, string safetyBackupName, string checksumBefore, string? scratchTable, long revision = 0)
        {
            BackupName = backupName;
            TableName = tableName;
            Phase = phase;
            SafetyBackupName = safetyBackupName;
            ChecksumBefore = checksumBefore;
            ScratchTable = scratchTable;
            Revision = revision;
        }

        public string BackupName { get; }

        public string TableName { get; }

        public string Phase { get; }

        public string SafetyBackupName { get; }

        /// <summary>The live table's checksum when the safety set was taken (from that set's manifest).</summary>
        public string ChecksumBefore { get; }

        public string? ScratchTable { get; }

        public long Revision { get; }

        public static string PartitionKey(string backupName, string tableName) => "restore#" + backupName + "#" + tableName;

        public RestoreProgress With(string phase, string? scratchTable = null)
            => new RestoreProgress(BackupName, TableName, phase, SafetyBackupName, ChecksumBefore, scratchTable ?? ScratchTable, Revision);

        public static async Task<RestoreProgress?> ReadAsync(ControlTable control, string backupName, string tableName, CancellationToken cancellationToken)
        {
            var record = await control.GetAsync(PartitionKey(backupName, tableName), SortKey, cancellationToken).ConfigureAwait(false);
            return record == null
                ? null
                : new RestoreProgress(
                    backupName,
                    tableName,
                    record.GetString("phase") ?? SafetyTaken,
                    record.GetString("safety_backup") ?? string.Empty,
                    record.GetString("checksum_before") ?? string.Empty,
                    record.GetString("scratch_table"),
                    record.Revision);
        }

        /// <summary>Stores this progress; returns it as stored (the control table counts revisions).</summary>
        public async Task<RestoreProgress> SaveAsync(ControlTable control, CancellationToken cancellationToken)
        {
            var attributes = new Dictionary<string, AttributeValue>
            {
                ["phase"] = new AttributeValue { S = Phase },
                ["backup_name"] = new AttributeValue { S = BackupName },
                ["table_name"] = new AttributeValue { S = TableName },
                ["safety_backup"] = new AttributeValue { S = SafetyBackupName },
                ["checksum_before"] = new AttributeValue { S = ChecksumBefore },
                ["updated_at"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture) },
            };
            if (ScratchTable != null)
            {
                attributes["scratch_table"] = new AttributeValue { S = ScratchTable };
            }

            var stored = await control.PutAsync(new ControlRecord(PartitionKey(BackupName, TableName), SortKey, attributes, Revision), cancellationToken).ConfigureAwait(false);
            return new RestoreProgress(BackupName, TableName, Phase, SafetyBackupName, ChecksumBefore, ScratchTable, stored.Revision);
        }

        public Task DeleteAsync(ControlTable control, CancellationToken cancellationToken)
            => control.DeleteAsync(PartitionKey(BackupName, TableName), SortKey, cancellationToken);
    }
}
