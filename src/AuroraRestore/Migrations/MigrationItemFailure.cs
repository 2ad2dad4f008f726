namespace AuroraRestore.Migrations
{
    /// <summary>One item a migration could not transform or write. It stays in the table exactly as it was.</summary>
    public sealed class MigrationItemFailure
    {
        public MigrationItemFailure(string table, string key, string errorId, string message)
        {
            Table = table;
            Key = key;
            ErrorId = errorId;
            Message = message;
        }

        public string Table { get; }

        /// <summary>The item's key, e.g. "operation_id=op-0123456789ab".</summary>
        public string Key { get; }

        /// <summary>UnexpectedItemFormat, InvalidReservedAttribute, ItemWriteRejected or ConcurrentUpdateConflict.</summary>
        public string ErrorId { get; }

        public string Message { get; }

        public override string ToString() => $"{Table} [{Key}]: {ErrorId}: {Message}";
    }
}
