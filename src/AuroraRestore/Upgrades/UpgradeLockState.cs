using System;
using AuroraRestore.Control;
using AuroraRestore.State;

namespace AuroraRestore.Upgrades
{
    /// <summary>The upgrade lock as stored (pk <c>lock</c>, sk <c>upgrade</c>).</summary>
    public sealed class UpgradeLockState
    {
        internal UpgradeLockState(ControlRecord record)
        {
            Record = record;
            RunId = record.GetString("run_id") ?? string.Empty;
            Owner = record.GetString("owner") ?? string.Empty;
            Operation = record.GetString("operation") ?? "upgrade";
            AcquiredAt = IsoTime.Parse(record.GetString("acquired_at")) ?? DateTimeOffset.MinValue;
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(record.GetNumber("expires_at") ?? 0);
            Heartbeat = IsoTime.Parse(record.GetString("heartbeat"));
            Failure = record.GetString("failure");
        }

        public string RunId { get; }

        /// <summary>"user@host pid".</summary>
        public string Owner { get; }

        /// <summary>upgrade or rollback.</summary>
        public string Operation { get; }

        public DateTimeOffset AcquiredAt { get; }

        public DateTimeOffset ExpiresAt { get; }

        public DateTimeOffset? Heartbeat { get; }

        /// <summary>Set when a step failed (or the run was stopped): the runner has ended and its run can be resumed or rolled back.</summary>
        public string? Failure { get; }

        internal ControlRecord Record { get; }

        /// <summary>Whether another runner may take the lock over, and why.</summary>
        public (bool CanTakeOver, string Reason) Assess(DateTimeOffset now)
        {
            if (ExpiresAt <= now)
            {
                return (true, $"its lease expired at {IsoTime.FormatSeconds(ExpiresAt)}");
            }

            if (Failure != null)
            {
                return (true, "its run stopped: " + Failure);
            }

            if (LockOwner.IsDeadLocalProcess(Owner, AcquiredAt))
            {
                return (true, $"its owner {Owner} no longer runs");
            }

            return (false, string.Empty);
        }

        public override string ToString() => $"{Operation} run {RunId} by {Owner} since {IsoTime.FormatSeconds(AcquiredAt)}, expires {IsoTime.FormatSeconds(ExpiresAt)}{(Failure == null ? string.Empty : ", failed: " + Failure)}";
    }
}
