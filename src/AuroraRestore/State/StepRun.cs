using System;

namespace AuroraRestore.State
{
    /// <summary>One entry of the v3 <c>step_history</c>: one step's run, with its attempts.</summary>
    public sealed class StepRun
    {
        public StepRun(string step, string status, DateTimeOffset startedAt, DateTimeOffset? endedAt, int attempts)
        {
            Step = step;
            Status = status;
            StartedAt = startedAt;
            EndedAt = endedAt;
            Attempts = attempts;
        }

        public string Step { get; }

        /// <summary>started, succeeded, failed, skipped, stopped.</summary>
        public string Status { get; set; }

        public DateTimeOffset StartedAt { get; }

        public DateTimeOffset? EndedAt { get; set; }

        public int Attempts { get; set; }

        public long? DurationMs => EndedAt.HasValue ? (long)(EndedAt.Value - StartedAt).TotalMilliseconds : (long?)null;
    }
}
