using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// What the runner's writes need to know about a table's items, as data: which items are settled (no writer changes
    /// them any more) and which attributes every writer changes on an update (the guard of a conditional write).
    /// </summary>
    public sealed class MigrationTableProfile
    {
        private readonly Func<IReadOnlyDictionary<string, AttributeValue>, bool> isSettled;

        public MigrationTableProfile(MigrationTable table, IReadOnlyList<string> guardAttributes, Func<IReadOnlyDictionary<string, AttributeValue>, bool> isSettled)
        {
            Table = table;
            GuardAttributes = guardAttributes;
            this.isSettled = isSettled;
        }

        /// <summary>
        /// State items: every pipeline version rewrites status and timestamp (and 2.0+ updated_at) on each update, and
        /// a completed operation (completed = true) is never updated again.
        /// </summary>
        public static MigrationTableProfile State { get; } = new MigrationTableProfile(
            MigrationTable.State,
            new[] { "timestamp", "status", "completed", FormatMarker.AttributeName, "updated_at" },
            item => AttributeValues.GetBool(item, "completed") == true);

        /// <summary>Audit items are append-only: each event is written once under its own key and never updated.</summary>
        public static MigrationTableProfile Audit { get; } = new MigrationTableProfile(
            MigrationTable.Audit,
            new[] { FormatMarker.AttributeName },
            _ => true);

        public MigrationTable Table { get; }

        public IReadOnlyList<string> GuardAttributes { get; }

        public bool IsSettled(IReadOnlyDictionary<string, AttributeValue> item) => isSettled(item);

        public static MigrationTableProfile For(MigrationTable table) => table switch
        {
            MigrationTable.State => State,
            MigrationTable.Audit => Audit,
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
    }
}
