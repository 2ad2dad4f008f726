using System;
using System.Collections.Generic;
using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// State items 2↔3 (pipeline 2.0 ↔ 3.0): the writer's pipeline version, the step history and the total duration.
    /// </summary>
    public sealed class StateV2ToV3Edge : ItemEdge
    {
        /// <summary>What a migrated item says about its writer: its content was last written by a 2.0 pipeline.</summary>
        public const string MigratedFromPipelineVersion = "2.0.0";

        private static readonly string[] KeptFactNames = new[] { "step_history" };

        private static readonly string[] Added = { "pipeline_version", "step_history", "duration_ms" };

        public StateV2ToV3Edge()
            : base(2, 3, Added, KeptFactNames)
        {
        }

        public override string Name => "state 2↔3";

        /// <summary>
        /// pipeline_version: 2.0.0 (the content was written by 2.0); step_history: empty (2.0 recorded none, and
        /// inventing start times would be false); duration_ms: updated_at − created_at once the operation completed.
        /// </summary>
        protected override Dictionary<string, AttributeValue> Derive(IReadOnlyDictionary<string, AttributeValue> older)
        {
            var newer = WithFormat(older, 3);
            newer["pipeline_version"] = AttributeValues.S(MigratedFromPipelineVersion);
            newer["step_history"] = AttributeValues.EmptyList();
            if (AttributeValues.GetBool(older, "completed") == true
                && TryParseTime(AttributeValues.GetS(older, "created_at"), out var created)
                && TryParseTime(AttributeValues.GetS(older, "updated_at"), out var updated)
                && updated >= created)
            {
                newer["duration_ms"] = AttributeValues.N((long)(updated - created).TotalMilliseconds);
            }

            return newer;
        }

        protected override Dictionary<string, AttributeValue> Reduce(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            var older = WithFormat(newer, 2);
            foreach (var attribute in Added)
            {
                older.Remove(attribute);
            }

            return older;
        }

        protected override void ValidateOlder(IReadOnlyDictionary<string, AttributeValue> older)
        {
            RequireType(older, "timestamp", "S", true, 2);
            RequireType(older, "completed", "BOOL", false, 2);
            RequireType(older, "error", "M", false, 2);
        }

        protected override void ValidateNewer(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            RequireType(newer, "timestamp", "S", true, 3);
            RequireType(newer, "error", "M", false, 3);
            RequireType(newer, "step_history", "L", false, 3);
        }

        /// <summary>Only the documented ISO 8601 UTC form: anything else yields no duration rather than a guess.</summary>
        private static bool TryParseTime(string? text, out DateTimeOffset time)
            => DateTimeOffset.TryParseExact(
                text,
                new[] { "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'" },
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out time);
    }
}
