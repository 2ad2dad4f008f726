using System;

namespace AuroraRestore.Restores
{
    /// <summary>An intake freeze in force.</summary>
    public sealed class IntakeFreeze
    {
        public IntakeFreeze(DateTimeOffset? until, string reason)
        {
            Until = until;
            Reason = reason;
        }

        /// <summary>When intake reopens; null when the record does not say.</summary>
        public DateTimeOffset? Until { get; }

        public string Reason { get; }
    }
}
