using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// A <see cref="MigrationPath"/> applied to one table's items: an item in the target format is skipped, an item in
    /// a format the path passes through is taken the rest of the way (so 1→3 also finishes items a 1→2 run left at 2),
    /// any other format fails with UnexpectedItemFormat and is never written.
    /// </summary>
    public sealed class ItemMigration : IItemMigration
    {
        private readonly IReadOnlyList<int> versions;
        private readonly IReadOnlyList<(ItemEdge Edge, MigrationDirection Direction)> hops;
        private readonly MigrationTableProfile profile;
        private readonly bool guardEveryWrite;

        /// <param name="path">The versions to go through.</param>
        /// <param name="table">State or Audit.</param>
        /// <param name="guardEveryWrite">Write even settled items conditionally (when writers outside the pipeline's contract may be active).</param>
        public ItemMigration(MigrationPath path, MigrationTable table, bool guardEveryWrite = false)
        {
            Path = path;
            Table = table;
            versions = path.Versions;
            hops = path.Steps.Select(s => (s.Edge.For(table), s.Direction)).ToList();
            profile = MigrationTableProfile.For(table);
            this.guardEveryWrite = guardEveryWrite;
        }

        public MigrationPath Path { get; }

        public MigrationTable Table { get; }

        public string Name => Table.ToString().ToLowerInvariant() + " " + Path;

        public string Id => Table.ToString().ToLowerInvariant() + ":" + Path.Id;

        public string TableKind => Table.ToString();

        public string FromVersion => Path.FromVersion.ToString(CultureInfo.InvariantCulture) + ".0.0";

        public string ToVersion => Path.ToVersion.ToString(CultureInfo.InvariantCulture) + ".0.0";

        public int TargetFormat => versions[versions.Count - 1];

        public TransformOutcome Transform(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var format = FormatMarker.Detect(item);
            if (format == TargetFormat)
            {
                return TransformOutcome.Unchanged;
            }

            var position = format.HasValue ? IndexOf(format.Value) : -1;
            if (position < 0)
            {
                var expected = string.Join(" or ", versions.Take(versions.Count - 1).Select(v => v.ToString(CultureInfo.InvariantCulture)));
                return TransformOutcome.Failed(
                    MigrationErrorIds.UnexpectedItemFormat,
                    $"The {Table.ToString().ToLowerInvariant()} item has {FormatMarker.Describe(item)}; migration {Path} expects format {expected} (or {TargetFormat}, already done).");
            }

            try
            {
                IReadOnlyDictionary<string, AttributeValue> current = item;
                for (var hop = position; hop < hops.Count; hop++)
                {
                    var (edge, direction) = hops[hop];
                    current = direction == MigrationDirection.Up ? edge.Up(current) : edge.Down(current);
                }

                var guard = !guardEveryWrite && profile.IsSettled(item) ? WriteGuard.ForSettled : WriteGuard.On(item, profile.GuardAttributes);
                return TransformOutcome.Changed((Dictionary<string, AttributeValue>)current, guard);
            }
            catch (ItemFormatException ex)
            {
                return TransformOutcome.Failed(ex.ErrorId, ex.Message);
            }
        }

        private int IndexOf(int format)
        {
            for (var i = 0; i < versions.Count - 1; i++)
            {
                if (versions[i] == format)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
