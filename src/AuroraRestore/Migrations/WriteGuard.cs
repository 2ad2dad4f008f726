using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// How a transformed item may be written. A settled item (one no writer changes any more, such as a completed
    /// operation or an audit event) can go through BatchWriteItem; any other must be written with a condition that the
    /// stored item still has the attribute values it was read with, so a concurrent update is never overwritten by
    /// a stale copy (docs/migrations.md, "Fast path and safe path").
    /// </summary>
    public sealed class WriteGuard
    {
        private WriteGuard(bool settled, IReadOnlyDictionary<string, AttributeValue?> expected)
        {
            Settled = settled;
            Expected = expected;
        }

        /// <summary>An item no writer changes any more: unconditional batch writes are safe.</summary>
        public static WriteGuard ForSettled { get; } = new WriteGuard(true, new Dictionary<string, AttributeValue?>());

        public bool Settled { get; }

        /// <summary>Attribute → value it was read with (null: it was absent) that must still hold when the item is written.</summary>
        public IReadOnlyDictionary<string, AttributeValue?> Expected { get; }

        /// <summary>A guard on the given attributes, with the values <paramref name="read"/> holds.</summary>
        public static WriteGuard On(IReadOnlyDictionary<string, AttributeValue> read, IEnumerable<string> attributes)
        {
            var expected = new Dictionary<string, AttributeValue?>();
            foreach (var attribute in attributes)
            {
                expected[attribute] = read.TryGetValue(attribute, out var value) ? value : null;
            }

            return new WriteGuard(false, expected);
        }
    }
}
