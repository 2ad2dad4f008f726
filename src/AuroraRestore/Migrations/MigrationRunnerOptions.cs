using System;
using System.Globalization;
using AuroraRestore.Common;

namespace AuroraRestore.Migrations
{
    /// <summary>How a <see cref="MigrationRunner"/> run is split, paced and reported.</summary>
    public sealed class MigrationRunnerOptions
    {
        /// <summary>The one segment this runner works on (with <see cref="TotalSegments"/>), or null for all of them.</summary>
        public int? Segment { get; set; }

        /// <summary>How many segments the table is split into; null: an interrupted run's number, else one per 8 MB of table (at least 4).</summary>
        public int? TotalSegments { get; set; }

        /// <summary>Most items written per second over the whole run; null: as fast as the table takes them.</summary>
        public double? MaxWriteRate { get; set; }

        /// <summary>Read, transform, count and sample, but write nothing (no items, no checkpoints).</summary>
        public bool DryRun { get; set; }

        /// <summary>How many changed items to keep as before/after samples.</summary>
        public int SampleSize { get; set; } = 5;

        /// <summary>How many item failures to keep in the result (all are counted and passed to <see cref="ItemFailed"/>).</summary>
        public int FailuresKept { get; set; } = 100;

        /// <summary>Pins the write requests in flight instead of measuring the best number (benchmarks, tests).</summary>
        public int? FixedParallelism { get; set; }

        /// <summary>The most write requests in flight at once when measuring.</summary>
        public int MaxParallelism { get; set; } = 32;

        /// <summary>How long each parallelism level is measured.</summary>
        public TimeSpan MeasureWindow { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The most items per scan page (Limit); null: as many as fit in DynamoDB's 1 MB pages.</summary>
        /// <remarks>
        /// The default bounds the memory each page in flight takes whatever the table: a 1 MB page of small items is
        /// thousands of objects. Smaller pages mean more requests and more checkpoints.
        /// </remarks>
        public int? PageSize { get; set; } = DefaultPageSize;

        /// <summary>The default <see cref="PageSize"/>.</summary>
        public const int DefaultPageSize = 1000;

        /// <summary>How often a conditional write is retried after the item changed under it.</summary>
        public int ConflictRetries { get; set; } = 5;

        /// <summary>How often a batch's unprocessed items are retried (with exponential backoff and jitter) before the run fails.</summary>
        public int UnprocessedRetries { get; set; } = 12;

        /// <summary>The checkpoint id; null: "&lt;table&gt;:&lt;migration id&gt;".</summary>
        public string? MigrationId { get; set; }

        /// <summary>Called, from worker threads, for every item that failed (the cmdlet writes an error for it).</summary>
        public Action<MigrationItemFailure>? ItemFailed { get; set; }

        /// <summary>Called, from worker threads, after each checkpoint is stored.</summary>
        public Action<SegmentCheckpoint>? CheckpointSaved { get; set; }

        /// <summary>Refuses out-of-range values with a specific error, before anything is read or written.</summary>
        public void Validate()
        {
            if (TotalSegments.HasValue && (TotalSegments < 1 || TotalSegments > 1_000_000))
            {
                throw Invalid(MigrationErrorIds.InvalidSegment, TotalSegments, $"-TotalSegments {TotalSegments} is outside 1 to 1000000 (DynamoDB's limit).", "Pass -TotalSegments from 1 to 1000000.");
            }

            if (Segment.HasValue)
            {
                if (!TotalSegments.HasValue)
                {
                    throw Invalid(MigrationErrorIds.InvalidSegment, Segment, "-Segment needs -TotalSegments: a segment is one part of a table split into TotalSegments parts.", "Pass -TotalSegments as well, the same in every runner (for example -Segment 0 -TotalSegments 4).");
                }

                if (Segment < 0 || Segment >= TotalSegments)
                {
                    throw Invalid(MigrationErrorIds.InvalidSegment, Segment, $"-Segment {Segment} is outside 0 to {TotalSegments - 1} (-TotalSegments {TotalSegments}).", "Pass a -Segment from 0 to TotalSegments - 1.");
                }
            }

            if (MaxWriteRate.HasValue && (!(MaxWriteRate > 0) || double.IsInfinity(MaxWriteRate.Value)))
            {
                throw Invalid(MigrationErrorIds.InvalidMaxWriteRate, MaxWriteRate, $"-MaxWriteRate {MaxWriteRate?.ToString(CultureInfo.InvariantCulture)} is not a positive number of items per second.", "Pass a positive rate (for example -MaxWriteRate 500), or leave it out for no limit.");
            }

            if (PageSize.HasValue && PageSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(PageSize));
            }
        }

        private static AuroraRestoreException Invalid(string errorId, object? target, string message, string action)
            => new AuroraRestoreException(errorId, FailureCategory.InvalidArgument, target, message, action);
    }
}
