using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// What the generic runner applies to each item it reads. The runner knows no schema: this decides whether an item
    /// is skipped, rewritten (and how safely) or reported as failed. Must be pure and thread-safe.
    /// </summary>
    public interface IItemMigration
    {
        /// <summary>A short name for logs and checkpoint ids, e.g. "state 1-3".</summary>
        string Name { get; }

        TransformOutcome Transform(IReadOnlyDictionary<string, AttributeValue> item);
    }
}
