using System;
using System.Collections.Generic;

namespace AuroraRestore.Migrations
{
    /// <summary>What one migration run of one table did (Invoke-RestoreStateMigration's output).</summary>
    public sealed class MigrationResult
    {
        public string TableName { get; internal set; } = string.Empty;

        /// <summary>State or Audit (binds to Invoke-RestoreStateMigration -Table when a result is piped back in, to resume or re-check).</summary>
        public string TableKind { get; internal set; } = string.Empty;

        public string From { get; internal set; } = string.Empty;

        public string To { get; internal set; } = string.Empty;

        /// <summary>The checkpoint id: checkpoints live under checkpoint#&lt;MigrationId&gt; in the control table.</summary>
        public string MigrationId { get; internal set; } = string.Empty;

        /// <summary>True when nothing was written (-DryRun or -WhatIf): the counts say what would change.</summary>
        public bool DryRun { get; internal set; }

        public long ItemsRead { get; internal set; }

        /// <summary>Items written in the new format (in a dry run: that would be).</summary>
        public long ItemsChanged { get; internal set; }

        /// <summary>Items already in the target format (or deleted meanwhile): nothing to do.</summary>
        public long ItemsSkipped { get; internal set; }

        /// <summary>Items left as they were, each reported with its error id.</summary>
        public long ItemsFailed { get; internal set; }

        public TimeSpan Duration { get; internal set; }

        public double ItemsPerSecond => Duration.TotalSeconds > 0 ? ItemsRead / Duration.TotalSeconds : 0;

        /// <summary>Order-independent checksum (count:sha256-sum) of the items this run read, as read.</summary>
        public string ChecksumBefore { get; internal set; } = string.Empty;

        /// <summary>The same over those items as they are after the run (as they would be, in a dry run).</summary>
        public string ChecksumAfter { get; internal set; } = string.Empty;

        public int TotalSegments { get; internal set; }

        /// <summary>The segments this run worked on, e.g. "0-3" or "2".</summary>
        public string Segments { get; internal set; } = string.Empty;

        /// <summary>Segments this run continued from a checkpoint of an interrupted run.</summary>
        public int SegmentsResumed { get; internal set; }

        /// <summary>Segments an earlier run had already finished.</summary>
        public int SegmentsAlreadyDone { get; internal set; }

        /// <summary>True when every segment of the migration is done (its checkpoints are then removed).</summary>
        public bool Completed { get; internal set; }

        /// <summary>Write requests in flight at the end (measured unless pinned).</summary>
        public int Parallelism { get; internal set; }

        /// <summary>Retries of unprocessed batch items.</summary>
        public long WriteRetries { get; internal set; }

        /// <summary>Conditional writes refused because the item had changed since it was read (then re-read and retried).</summary>
        public long ConcurrentUpdates { get; internal set; }

        public IReadOnlyList<MigrationSample> Samples { get; internal set; } = Array.Empty<MigrationSample>();

        /// <summary>The first failures (all are counted in <see cref="ItemsFailed"/>).</summary>
        public IReadOnlyList<MigrationItemFailure> Failures { get; internal set; } = Array.Empty<MigrationItemFailure>();
    }
}
