namespace AuroraRestore.Migrations
{
    /// <summary>The stable error ids of migrations (the first part of every FullyQualifiedErrorId they produce).</summary>
    public static class MigrationErrorIds
    {
        /// <summary>No chain of edges leads from the given version to the other (or a version is unknown).</summary>
        public const string UnknownMigrationEdge = "UnknownMigrationEdge";

        /// <summary>An item whose format is neither a source nor the target of the migration, or not valid for it.</summary>
        public const string UnexpectedItemFormat = "UnexpectedItemFormat";

        /// <summary>An item whose reserved attribute <c>_ar_down</c> is not what the down transforms write.</summary>
        public const string InvalidReservedAttribute = "InvalidReservedAttribute";

        /// <summary>DynamoDB refused to store a transformed item (for example larger than 400 KB).</summary>
        public const string ItemWriteRejected = "ItemWriteRejected";

        /// <summary>An item kept changing under the migration; it was left as the other writer wrote it.</summary>
        public const string ConcurrentUpdateConflict = "ConcurrentUpdateConflict";

        /// <summary>The table to migrate does not exist.</summary>
        public const string TableNotFound = "MigrationTableNotFound";

        /// <summary>-Segment/-TotalSegments out of range.</summary>
        public const string InvalidSegment = "InvalidMigrationSegment";

        /// <summary>-MaxWriteRate not positive.</summary>
        public const string InvalidMaxWriteRate = "InvalidMaxWriteRate";

        /// <summary>An interrupted run of the same migration used another number of segments.</summary>
        public const string CheckpointMismatch = "MigrationCheckpointMismatch";

        /// <summary>Another runner took over a segment this runner was migrating.</summary>
        public const string SegmentTakenOver = "MigrationSegmentTakenOver";

        /// <summary>A configuration document that is not valid for its format.</summary>
        public const string ConfigurationInvalid = "ConfigurationInvalid";
    }
}
