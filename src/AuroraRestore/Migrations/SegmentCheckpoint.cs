using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Where one segment of a migration stands: the last evaluated key of the last page whose writes all succeeded
    /// (resume after it), or done. Stored in the control table as pk = checkpoint#&lt;migration id&gt;, sk = segment#&lt;n&gt;.
    /// </summary>
    public sealed class SegmentCheckpoint
    {
        public SegmentCheckpoint(int segment, int totalSegments, bool done, Dictionary<string, AttributeValue>? lastKey, MigrationCounts counts, string runner, long revision)
        {
            Segment = segment;
            TotalSegments = totalSegments;
            Done = done;
            LastKey = lastKey;
            Counts = counts;
            Runner = runner;
            Revision = revision;
        }

        public int Segment { get; }

        public int TotalSegments { get; }

        public bool Done { get; }

        /// <summary>The scan's ExclusiveStartKey to resume with; null: from the segment's start (or done).</summary>
        public Dictionary<string, AttributeValue>? LastKey { get; }

        /// <summary>Items processed in this segment so far, over every run that worked on it.</summary>
        public MigrationCounts Counts { get; }

        /// <summary>Which runner holds the segment (host and process id).</summary>
        public string Runner { get; }

        /// <summary>The control record's revision: saving requires it unchanged (no other runner took the segment over).</summary>
        public long Revision { get; }
    }
}
