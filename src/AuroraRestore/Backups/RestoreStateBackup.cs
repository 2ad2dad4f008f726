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

        /// <summary>Complete, Incomplete (a part is missing), or Unverified until Test-RestoreStateBackup has run.</summary>
        public string Status { get; set; } = string.Empty;

        public IReadOnlyList<TableBackup> Tables { get; set; } = Array.Empty<TableBackup>();

        /// <summary>Exported file name → SHA-256 (hex).</summary>
        public IReadOnlyDictionary<string, string> Files { get; set; } = new Dictionary<string, string>();
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

        public IReadOnlyList<string> Indexes { get; set; } = Array.Empty<string>();
    }
}
