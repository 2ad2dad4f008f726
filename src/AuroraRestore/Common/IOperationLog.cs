namespace AuroraRestore.Common
{
    /// <summary>
    /// Where engines report what they do. Cmdlets map it to Write-Verbose, Write-Warning and Write-Progress;
    /// tests and the Lambda host supply their own. Implementations must be thread-safe: engines call it from worker threads.
    /// </summary>
    public interface IOperationLog
    {
        void Verbose(string message);

        void Warning(string message);

        void Progress(ProgressReport report);
    }

    /// <summary>One Write-Progress update, free of PowerShell types so engines stay host-neutral.</summary>
    public sealed class ProgressReport
    {
        public ProgressReport(int activityId, string activity, string status, int percentComplete = -1, int parentActivityId = -1, bool completed = false)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            ParentActivityId = parentActivityId;
            Completed = completed;
        }

        public int ActivityId { get; }

        public string Activity { get; }

        public string Status { get; }

        public int PercentComplete { get; }

        public int ParentActivityId { get; }

        public bool Completed { get; }
    }

    /// <summary>A log that drops everything, for callers that want no narration.</summary>
    public sealed class NullOperationLog : IOperationLog
    {
        public static readonly NullOperationLog Instance = new NullOperationLog();

        public void Verbose(string message) { }

        public void Warning(string message) { }

        public void Progress(ProgressReport report) { }
    }
}
