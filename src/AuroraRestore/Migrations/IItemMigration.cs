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
        /// <summary>A short name for logs, e.g. "state 1.0 -> 3.0".</summary>
        string Name { get; }

        /// <summary>Identifies the migration in checkpoint ids, e.g. "state:1-3": the same for every run of it.</summary>
        string Id { get; }

        /// <summary>Labels for the result: which table kind, from and to which version.</summary>
        string TableKind { get; }

        string FromVersion { get; }

        string ToVersion { get; }

        TransformOutcome Transform(IReadOnlyDictionary<string, AttributeValue> item);
    }
}
