using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// The checkpoints of one migration in the control table: one record per segment (pk = checkpoint#&lt;migration
    /// id&gt;, sk = segment#&lt;n&gt;), so that a killed run, or another runner, resumes each segment after its last
    /// fully written page. Every save is conditional on the record's revision: if another runner took the segment over,
    /// this one stops instead of both working it.
    /// </summary>
    public sealed class MigrationCheckpointStore
    {
        private const string TotalSegmentsName = "total_segments";
        private const string StatusName = "status";
        private const string LastKeyName = "last_key";
        private const string RunnerName = "runner";
        private const string UpdatedAtName = "updated_at";

        private readonly ControlTable table;

        public MigrationCheckpointStore(ControlTable table, string migrationId)
        {
            this.table = table;
            MigrationId = migrationId;
        }

        public string MigrationId { get; }

        public string Partition => "checkpoint#" + MigrationId;

        /// <summary>Host and process of this runner, recorded in the segments it holds.</summary>
        public static string ThisRunner { get; } = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        public static string SortKeyOf(int segment) => "segment#" + segment.ToString("D6", CultureInfo.InvariantCulture);

        public async Task<IReadOnlyList<SegmentCheckpoint>> LoadAsync(CancellationToken cancellationToken)
            => (await table.QueryAsync(Partition, cancellationToken).ConfigureAwait(false)).Select(FromRecord).ToList();

        /// <summary>Takes a segment for this runner (over a checkpoint a killed runner left, or a fresh one).</summary>
        public async Task<SegmentCheckpoint> ClaimAsync(int segment, int totalSegments, SegmentCheckpoint? existing, CancellationToken cancellationToken)
        {
            var record = ToRecord(segment, totalSegments, false, existing?.LastKey, existing?.Counts ?? new MigrationCounts(), existing?.Revision ?? 0);
            var condition = existing == null ? ControlPutCondition.NotExists : ControlPutCondition.RevisionIs(existing.Revision);
            var stored = await table.TryPutAsync(record, condition, cancellationToken).ConfigureAwait(false);
            return stored == null ? throw TakenOver(segment) : FromRecord(stored);
        }

        /// <summary>Records that every item up to <paramref name="lastKey"/> is written (or that the segment is done).</summary>
        public async Task<SegmentCheckpoint> SaveAsync(SegmentCheckpoint current, Dictionary<string, AttributeValue>? lastKey, bool done, MigrationCounts counts, CancellationToken cancellationToken)
        {
            var record = ToRecord(current.Segment, current.TotalSegments, done, done ? null : lastKey, counts, current.Revision);
            var stored = await table.TryPutAsync(record, ControlPutCondition.RevisionIs(current.Revision), cancellationToken).ConfigureAwait(false);
            return stored == null ? throw TakenOver(current.Segment) : FromRecord(stored);
        }

        /// <summary>Removes every checkpoint of the migration (once all its segments are done).</summary>
        public async Task DeleteAllAsync(CancellationToken cancellationToken)
        {
            foreach (var checkpoint in await LoadAsync(cancellationToken).ConfigureAwait(false))
            {
                await table.DeleteAsync(Partition, SortKeyOf(checkpoint.Segment), cancellationToken).ConfigureAwait(false);
            }
        }

        private ControlRecord ToRecord(int segment, int totalSegments, bool done, Dictionary<string, AttributeValue>? lastKey, MigrationCounts counts, long revision)
        {
            var attributes = new Dictionary<string, AttributeValue>
            {
                [TotalSegmentsName] = Number(totalSegments),
                [StatusName] = new AttributeValue { S = done ? "done" : "running" },
                [RunnerName] = new AttributeValue { S = ThisRunner },
                [UpdatedAtName] = new AttributeValue { S = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) },
                ["items_read"] = Number(counts.Read),
                ["items_changed"] = Number(counts.Changed),
                ["items_skipped"] = Number(counts.Skipped),
                ["items_failed"] = Number(counts.Failed),
            };
            if (lastKey is { Count: > 0 })
            {
                attributes[LastKeyName] = new AttributeValue { M = lastKey };
            }

            return new ControlRecord(Partition, SortKeyOf(segment), attributes, revision);
        }

        private static SegmentCheckpoint FromRecord(ControlRecord record)
        {
            var segment = int.Parse(record.Sk.Substring("segment#".Length), CultureInfo.InvariantCulture);
            var counts = new MigrationCounts(record.GetNumber("items_read") ?? 0, record.GetNumber("items_changed") ?? 0, record.GetNumber("items_skipped") ?? 0, record.GetNumber("items_failed") ?? 0);
            return new SegmentCheckpoint(
                segment,
                (int)(record.GetNumber(TotalSegmentsName) ?? 1),
                record.GetString(StatusName) == "done",
                record.Attributes.TryGetValue(LastKeyName, out var key) ? key.M : null,
                counts,
                record.GetString(RunnerName) ?? "unknown",
                record.Revision);
        }

        private static AttributeValue Number(long value) => new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };

        private AuroraRestoreException TakenOver(int segment) => new AuroraRestoreException(
            MigrationErrorIds.SegmentTakenOver, FailureCategory.ResourceBusy, MigrationId + " segment " + segment.ToString(CultureInfo.InvariantCulture),
            $"Another runner took over segment {segment} of migration {MigrationId}; this runner stopped working on it.",
            "Let the other runner finish, or stop it and run the migration again: it resumes from the checkpoints.");
    }
}
