using System;
using System.Collections.Generic;

namespace AuroraRestore.Backups
{
    /// <summary>One backup set, as its manifest describes it (docs/backups.md). Emitted by Backup-RestoreState.</summary>
    public sealed class RestoreStateBackup
    {
        public string Name { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        /// <summary>The pipeline version deployed when the set was taken.</summary>
        public string PipelineVersion { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>Where the set lives: a folder path or s3://bucket/prefix/name/.</summary>
        public string Location { get; set; } = string.Empty;

        /// <summary>
        /// Unverified (every part present, not proved yet), Verified (the last Test-RestoreStateBackup of this manifest
        /// passed), VerificationFailed (it failed), or Incomplete (a part is missing: the manifest, a file, a table backup).
        /// </summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>When Test-RestoreStateBackup last proved this set restorable, or null.</summary>
        public DateTimeOffset? VerifiedAt { get; set; }

        public IReadOnlyList<TableBackup> Tables { get; set; } = Array.Empty<TableBackup>();

        /// <summary>Exported file name → SHA-256 (hex).</summary>
        public IReadOnlyDictionary<string, string> Files { get; set; } = new Dictionary<string, string>();

        public override string ToString() => Name;
    }

    /// <summary>One table in a backup set.</summary>
    public sealed class TableBackup
    {
        public string TableName { get; set; } = string.Empty;

        public string BackupArn { get; set; } = string.Empty;

        public long ItemCount { get; set; }

        /// <summary>The order-independent checksum of the items (State/TableChecksum, "count:digest").</summary>
        public string Checksum { get; set; } = string.Empty;

        public IReadOnlyList<string> KeySchema { get; set; } = Array.Empty<string>();

        /// <summary>The names of the table's global secondary indexes (the manifest has their keys and projections).</summary>
        public IReadOnlyList<string> Indexes { get; set; } = Array.Empty<string>();

        /// <summary>PAY_PER_REQUEST or PROVISIONED.</summary>
        public string BillingMode { get; set; } = string.Empty;

        public override string ToString() => $"{TableName} ({ItemCount} items)";
    }
}
