using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>The result of transforming one item: skip it, write a new item (and how), or report a failure.</summary>
    public sealed class TransformOutcome
    {
        private TransformOutcome(TransformOutcomeKind kind, Dictionary<string, AttributeValue>? item, WriteGuard? guard, string? errorId, string? message)
        {
            Kind = kind;
            Item = item;
            Guard = guard;
            ErrorId = errorId;
            Message = message;
        }

        public static TransformOutcome Unchanged { get; } = new TransformOutcome(TransformOutcomeKind.Unchanged, null, null, null, null);

        public TransformOutcomeKind Kind { get; }

        /// <summary>The item to write (Changed only).</summary>
        public Dictionary<string, AttributeValue>? Item { get; }

        /// <summary>How the item may be written (Changed only).</summary>
        public WriteGuard? Guard { get; }

        /// <summary>Failed only: UnexpectedItemFormat, InvalidReservedAttribute.</summary>
        public string? ErrorId { get; }

        public string? Message { get; }

        public static TransformOutcome Changed(Dictionary<string, AttributeValue> item, WriteGuard guard)
            => new TransformOutcome(TransformOutcomeKind.Changed, item, guard, null, null);

        public static TransformOutcome Failed(string errorId, string message)
            => new TransformOutcome(TransformOutcomeKind.Failed, null, null, errorId, message);
    }
}
