using System.Collections.Generic;

namespace AuroraRestore.Backups
{
    /// <summary>One table of a backup set: its on-demand backup, its shape and what its items add up to.</summary>
    public sealed class ManifestTable
    {
        public const string StateRole = "state";
        public const string AuditRole = "audit";

        /// <summary><see cref="StateRole"/> or <see cref="AuditRole"/>: which of the environment's tables this is.</summary>
        public string Role { get; set; } = string.Empty;

        public string TableName { get; set; } = string.Empty;

        public string BackupArn { get; set; } = string.Empty;

        /// <summary>The DynamoDB backup's own name: &lt;set name&gt;-&lt;table name&gt;.</summary>
        public string BackupName { get; set; } = string.Empty;

        public IReadOnlyList<ManifestKeyElement> KeySchema { get; set; } = new List<ManifestKeyElement>();

        public IReadOnlyList<ManifestIndex> Indexes { get; set; } = new List<ManifestIndex>();

        /// <summary>PAY_PER_REQUEST or PROVISIONED.</summary>
        public string BillingMode { get; set; } = string.Empty;

        public long ItemCount { get; set; }

        /// <summary>State/TableChecksum of the items: "&lt;count&gt;:&lt;64 hex digits&gt;".</summary>
        public string Checksum { get; set; } = string.Empty;
    }
}
