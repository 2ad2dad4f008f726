using System.Collections.Generic;

namespace AuroraRestore.State
{
    /// <summary>The step names of every format (docs/formats/state-items.md), in the order the pipeline runs them.</summary>
    public static class StepNames
    {
        public const string SnapshotCheck = "snapshot-check";
        public const string CopySnapshot = "copy-snapshot";
        public const string CheckCopyStatus = "check-copy-status";
        public const string DeleteRds = "delete-rds";
        public const string CheckDeleteStatus = "check-delete-status";
        public const string RestoreSnapshot = "restore-snapshot";
        public const string CheckRestoreStatus = "check-restore-status";
        public const string SetupDbUsers = "setup-db-users";
        public const string VerifyRestore = "verify-restore";
        public const string ArchiveSnapshot = "archive-snapshot";
        public const string SnsNotification = "sns-notification";

        /// <summary>The step of operation-level audit events (created, stopped, ...).</summary>
        public const string Operation = "operation";

        public static readonly IReadOnlyList<string> InOrder = new[]
        {
            SnapshotCheck, CopySnapshot, CheckCopyStatus, DeleteRds, CheckDeleteStatus, RestoreSnapshot,
            CheckRestoreStatus, SetupDbUsers, VerifyRestore, ArchiveSnapshot, SnsNotification,
        };
    }
}
