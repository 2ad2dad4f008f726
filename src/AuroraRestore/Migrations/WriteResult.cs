using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>What became of one item the runner tried to write, and the item as it now stands (for the after-checksum).</summary>
    internal sealed class WriteResult
    {
        private WriteResult(WriteResultKind kind, Dictionary<string, AttributeValue>? final, string? errorId, string? message)
        {
            Kind = kind;
            Final = final;
            ErrorId = errorId;
            Message = message;
        }

        public WriteResultKind Kind { get; }

        /// <summary>The item as stored after the write (or as found); null when it is gone.</summary>
        public Dictionary<string, AttributeValue>? Final { get; }

        public string? ErrorId { get; }

        public string? Message { get; }

        public static WriteResult Written(Dictionary<string, AttributeValue> item) => new WriteResult(WriteResultKind.Written, item, null, null);

        /// <summary>Another runner or writer already brought it to the target format.</summary>
        public static WriteResult Skipped(Dictionary<string, AttributeValue> current) => new WriteResult(WriteResultKind.Skipped, current, null, null);

        /// <summary>Deleted since it was read: nothing to migrate.</summary>
        public static WriteResult Vanished() => new WriteResult(WriteResultKind.Skipped, null, null, null);

        public static WriteResult Rejected(Dictionary<string, AttributeValue> current, string message)
            => new WriteResult(WriteResultKind.Failed, current, MigrationErrorIds.ItemWriteRejected, "DynamoDB refused the transformed item: " + message);

        public static WriteResult TransformFailed(Dictionary<string, AttributeValue> current, string errorId, string message)
            => new WriteResult(WriteResultKind.Failed, current, errorId, message);

        public static WriteResult Conflict(Dictionary<string, AttributeValue> current, int attempts)
            => new WriteResult(WriteResultKind.Failed, current, MigrationErrorIds.ConcurrentUpdateConflict, $"The item changed under the migration {attempts} times in a row; it was left as the other writer wrote it.");
    }

    internal enum WriteResultKind
    {
        Written,
        Skipped,
        Failed,
    }
}
