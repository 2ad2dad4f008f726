using System;
using System.Collections.Generic;

namespace AuroraRestore.Upgrades
{
    /// <summary>The end of an upgrade run, as Invoke-RestoreUpgrade emits it after the steps.</summary>
    public sealed class UpgradeResult
    {
        /// <summary>Every step done (in this invocation or an earlier one of the run).</summary>
        public const string CompletedStatus = "Completed";

        /// <summary>The pipeline already ran the target version: nothing was done.</summary>
        public const string UpToDateStatus = "UpToDate";

        /// <summary>Test hook only: the run stopped right after a step as if its process had been killed.</summary>
        public const string AbandonedStatus = "Abandoned";

        public string RunId { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public string FromVersion { get; set; } = string.Empty;

        public string ToVersion { get; set; } = string.Empty;

        /// <summary>Completed, UpToDate (or Abandoned, from the test hook).</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>True when this invocation finished a run an earlier one had started.</summary>
        public bool Resumed { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset EndedAt { get; set; }

        /// <summary>From the run's first step to its end (across invocations when resumed).</summary>
        public TimeSpan Duration => EndedAt - StartedAt;

        public IReadOnlyList<UpgradeStepResult> Steps { get; set; } = Array.Empty<UpgradeStepResult>();

        /// <summary>How long new restores were refused, summed over the hops (freeze set to freeze lifted). Independent of table size.</summary>
        public TimeSpan FreezeWindow { get; set; }

        /// <summary>Per hop ("1.0.0 -> 2.0.0"), the freeze window.</summary>
        public IReadOnlyDictionary<string, TimeSpan> FreezeWindows { get; set; } = new Dictionary<string, TimeSpan>();

        public string? BackupName { get; set; }

        public string? BackupLocation { get; set; }

        public IReadOnlyList<UpgradeTableReport> Tables { get; set; } = Array.Empty<UpgradeTableReport>();

        public override string ToString() => $"{Environment}: {FromVersion} -> {ToVersion} {Status} ({Steps.Count} steps, freeze {FreezeWindow.TotalSeconds:0.#} s)";
    }
}
