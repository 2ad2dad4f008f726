using System;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>A restore operation as the cmdlets show it: one row of Get-AuroraRestore, the output of Start- and Wait-.</summary>
    public sealed class RestoreOperation
    {
        public string OperationId { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public bool Completed { get; set; }

        public string? Step { get; set; }

        public string? SourceClusterIdentifier { get; set; }

        public string? SnapshotIdentifier { get; set; }

        public DateTimeOffset? RestoreTime { get; set; }

        public string? SourceRegion { get; set; }

        public string? TargetClusterIdentifier { get; set; }

        public string? TargetRegion { get; set; }

        public string? ClusterEndpoint { get; set; }

        /// <summary>local (run in-process with -Local) or pipeline (the state machine).</summary>
        public string? Host { get; set; }

        public string? ExecutionArn { get; set; }

        public string RequestedBy { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public string? Error { get; set; }

        public string? FailedStep { get; set; }

        public int RetryCount { get; set; }

        /// <summary>The state item format the operation was read in (1, 2, 3).</summary>
        public int FormatVersion { get; set; }

        public static RestoreOperation From(OperationRecord record, string environment) => new RestoreOperation
        {
            OperationId = record.OperationId,
            Environment = record.DataString(OperationData.Environment) ?? environment,
            Status = record.Status,
            Completed = record.Completed,
            Step = record.Step,
            SourceClusterIdentifier = record.DataString(OperationData.SourceClusterId),
            SnapshotIdentifier = record.DataString(OperationData.SnapshotName),
            RestoreTime = IsoTime.Parse(record.DataString(OperationData.RestoreTime)),
            SourceRegion = record.DataString(OperationData.SourceRegion),
            TargetClusterIdentifier = record.DataString(OperationData.TargetClusterId),
            TargetRegion = record.DataString(OperationData.TargetRegion),
            ClusterEndpoint = record.DataString(OperationData.ClusterEndpoint),
            Host = record.DataString(OperationData.Host),
            ExecutionArn = record.DataString(OperationData.ExecutionArn),
            RequestedBy = record.RequestedBy,
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
            Error = record.Error?.Message,
            FailedStep = record.FailedStep,
            RetryCount = record.RetryCount,
            FormatVersion = record.FormatVersion,
        };

        public override string ToString() => $"{OperationId} ({Status})";
    }
}
