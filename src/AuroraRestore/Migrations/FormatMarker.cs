using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.State;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// The format an item carries: <c>format_version</c> (N), or 1 when absent (the 1.0 contract has no marker;
    /// docs/formats/state-items.md). State and audit items use the same marker. It is what makes migrations idempotent:
    /// an item already in the target format is skipped.
    /// </summary>
    public static class FormatMarker
    {
        public const string AttributeName = "format_version";

        /// <summary>The item's format, or null when its marker is not a whole positive number.</summary>
        public static int? Detect(IReadOnlyDictionary<string, AttributeValue> item)
        {
            if (!item.TryGetValue(AttributeName, out var marker))
            {
                return 1;
            }

            if (marker.N == null || !DynamoNumber.TryCanonical(marker.N, out var canonical))
            {
                return null;
            }

            // Canonical "dE1" is the one-digit number d (0.d × 10^1).
            return canonical.Length == 3 && canonical[0] >= '1' && canonical[0] <= '9' && canonical.EndsWith("E1", System.StringComparison.Ordinal)
                ? canonical[0] - '0'
                : null;
        }

        /// <summary>What an unreadable marker looks like, for messages.</summary>
        public static string Describe(IReadOnlyDictionary<string, AttributeValue> item)
            => item.TryGetValue(AttributeName, out var marker)
                ? $"{AttributeName} {AttributeValues.TypeOf(marker)} '{marker.N ?? marker.S ?? "?"}'"
                : $"no {AttributeName} (format 1)";
    }
}
