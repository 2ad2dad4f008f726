using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Migrations;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// Judges a sample of a table's items against the format the expected version writes (format_version, absent = 1):
    /// older items mean a migration is pending, newer ones a rollback whose down-migration did not run.
    /// </summary>
    public static class ItemFormatSample
    {
        public static IReadOnlyList<string> Problems(string tableName, IEnumerable<IReadOnlyDictionary<string, AttributeValue>> items, int expectedFormat, string version)
        {
            var counts = new SortedDictionary<int, int>();
            var unreadable = new List<string>();
            var total = 0;
            foreach (var item in items)
            {
                total++;
                var format = FormatMarker.Detect(item);
                if (format == null)
                {
                    unreadable.Add(FormatMarker.Describe(item));
                    continue;
                }

                counts[format.Value] = counts.TryGetValue(format.Value, out var n) ? n + 1 : 1;
            }

            var problems = new List<string>();
            var older = counts.Where(c => c.Key < expectedFormat).ToList();
            var newer = counts.Where(c => c.Key > expectedFormat).ToList();
            if (older.Count > 0)
            {
                problems.Add($"{tableName}: migration pending: {Describe(older)} of {total} sampled items, {version} writes format {expectedFormat}");
            }

            if (newer.Count > 0)
            {
                problems.Add($"{tableName}: {Describe(newer)} of {total} sampled items are newer than format {expectedFormat} ({version}): a down-migration is pending");
            }

            if (unreadable.Count > 0)
            {
                problems.Add($"{tableName}: {unreadable.Count} of {total} sampled items have an unreadable format marker ({unreadable[0]})");
            }

            return problems;
        }

        private static string Describe(IEnumerable<KeyValuePair<int, int>> counts)
            => string.Join(", ", counts.Select(c => $"{c.Value} in format {c.Key}"));
    }
}
