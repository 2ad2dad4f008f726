using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Control;
using AuroraRestore.State;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The run pointer (pk <c>upgrade</c>, sk <c>current</c>): the environment's latest upgrade run, where its journal is,
    /// and the plan it applies. Re-running the same command finds an unfinished run here and finishes it; a rollback
    /// (Undo-RestoreUpgrade) reads it to know what to undo.
    /// </summary>
    public sealed class UpgradeRun
    {
        public const string PartitionKey = "upgrade";
        public const string SortKey = "current";

        public const string Running = "running";
        public const string Failed = "failed";
        public const string Completed = "completed";
        public const string RolledBack = "rolled_back";

        /// <summary>Undo-RestoreUpgrade is undoing the run (or was killed doing so): only Undo-RestoreUpgrade may go on.</summary>
        public const string RollingBack = "rolling_back";

        public string RunId { get; set; } = string.Empty;

        public string From { get; set; } = string.Empty;

        public string To { get; set; } = string.Empty;

        /// <summary>running, failed, completed, rolling_back or rolled_back.</summary>
        public string Status { get; set; } = Running;

        public string? BackupName { get; set; }

        /// <summary>Where the backup set is (folder or s3://bucket/prefix/), so a rollback can open it.</summary>
        public string? BackupLocation { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public string PlanId { get; set; } = string.Empty;

        /// <summary>The plan being applied, as its JSON file (UpgradePlanFile): a resumed run applies exactly it.</summary>
        public string PlanJson { get; set; } = string.Empty;

        /// <summary>What stopped the run, when it failed or was stopped.</summary>
        public string? Failure { get; set; }

        /// <summary>Where a rollback of the run goes (Undo-RestoreUpgrade -ToVersion): set when it starts, kept after it ends.</summary>
        public string? RollbackTo { get; set; }

        /// <summary>ReverseMigration or FromBackup.</summary>
        public string? RollbackMethod { get; set; }

        /// <summary>The run's status when its rollback started: completed, failed or running (a killed upgrade).</summary>
        public string? StatusBeforeRollback { get; set; }

        /// <summary>The run's target before a rollback of its last hop(s) made <see cref="To"/> the version it went back to.</summary>
        public string? RolledBackFrom { get; set; }

        public DateTimeOffset? RollbackStartedAt { get; set; }

        public DateTimeOffset? RollbackEndedAt { get; set; }

        /// <summary>Running or failed: the run has not ended and can be resumed (or rolled back).</summary>
        public bool IsUnfinished => Status == Running || Status == Failed;

        public long Revision { get; private set; }

        public static async Task<UpgradeRun?> ReadAsync(ControlTable control, CancellationToken cancellationToken)
        {
            var record = await control.GetAsync(PartitionKey, SortKey, cancellationToken).ConfigureAwait(false);
            if (record == null)
            {
                return null;
            }

            return new UpgradeRun
            {
                RunId = record.GetString("run_id") ?? string.Empty,
                From = record.GetString("from") ?? string.Empty,
                To = record.GetString("to") ?? string.Empty,
                Status = record.GetString("status") ?? Running,
                BackupName = record.GetString("backup_name"),
                BackupLocation = record.GetString("backup_location"),
                StartedAt = IsoTime.Parse(record.GetString("started_at")) ?? DateTimeOffset.MinValue,
                EndedAt = IsoTime.Parse(record.GetString("ended_at")),
                PlanId = record.GetString("plan_id") ?? string.Empty,
                PlanJson = record.GetString("plan") ?? string.Empty,
                Failure = record.GetString("failure"),
                RollbackTo = record.GetString("rollback_to"),
                RollbackMethod = record.GetString("rollback_method"),
                StatusBeforeRollback = record.GetString("status_before_rollback"),
                RolledBackFrom = record.GetString("rolled_back_from"),
                RollbackStartedAt = IsoTime.Parse(record.GetString("rollback_started_at")),
                RollbackEndedAt = IsoTime.Parse(record.GetString("rollback_ended_at")),
                Revision = record.Revision,
            };
        }

        /// <summary>Stores the pointer (only the lock holder writes it).</summary>
        public async Task SaveAsync(ControlTable control, CancellationToken cancellationToken)
        {
            var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["run_id"] = new AttributeValue { S = RunId },
                ["from"] = new AttributeValue { S = From },
                ["to"] = new AttributeValue { S = To },
                ["status"] = new AttributeValue { S = Status },
                ["started_at"] = new AttributeValue { S = IsoTime.Format(StartedAt) },
                ["plan_id"] = new AttributeValue { S = PlanId },
                ["plan"] = new AttributeValue { S = PlanJson },
            };
            void Optional(string name, string? value)
            {
                if (value != null)
                {
                    attributes[name] = new AttributeValue { S = value };
                }
            }

            Optional("backup_name", BackupName);
            Optional("backup_location", BackupLocation);
            Optional("ended_at", EndedAt.HasValue ? IsoTime.Format(EndedAt.Value) : null);
            Optional("failure", Failure);
            Optional("rollback_to", RollbackTo);
            Optional("rollback_method", RollbackMethod);
            Optional("status_before_rollback", StatusBeforeRollback);
            Optional("rolled_back_from", RolledBackFrom);
            Optional("rollback_started_at", RollbackStartedAt.HasValue ? IsoTime.Format(RollbackStartedAt.Value) : null);
            Optional("rollback_ended_at", RollbackEndedAt.HasValue ? IsoTime.Format(RollbackEndedAt.Value) : null);
            var stored = await control.PutAsync(new ControlRecord(PartitionKey, SortKey, attributes, Revision), cancellationToken).ConfigureAwait(false);
            Revision = stored.Revision;
        }

        public override string ToString() => $"run {RunId} {From} -> {To} ({Status})";
    }
}
