namespace AuroraRestore.State
{
    /// <summary>The values of a state item's <c>status</c> (docs/formats/state-items.md), the same in every format.</summary>
    public static class OperationStatus
    {
        public const string Pending = "pending";
        public const string InProgress = "in_progress";
        public const string Completed = "completed";
        public const string Failed = "failed";
        public const string Stopped = "stopped";

        public static readonly string[] All = { Pending, InProgress, Completed, Failed, Stopped };

        /// <summary>Completed, failed and stopped operations never change again.</summary>
        public static bool IsFinal(string status) => status == Completed || status == Failed || status == Stopped;
    }
}
