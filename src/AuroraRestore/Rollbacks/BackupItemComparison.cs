using System;
using System.Collections.Generic;

namespace AuroraRestore.Rollbacks
{
    /// <summary>A live table compared, key by key, with one table of a backup set.</summary>
    public sealed class BackupItemComparison
    {
        public string TableName { get; set; } = string.Empty;

        /// <summary>The backup's items, counted and checksummed as they were restored into the scratch table.</summary>
        public string BackupChecksum { get; set; } = string.Empty;

        /// <summary>The live items whose keys the backup holds (a backed-up item that is gone is not in it).</summary>
        public string LiveChecksum { get; set; } = string.Empty;

        public long BackupItems { get; set; }

        /// <summary>Backed-up items whose live item differs (any attribute).</summary>
        public long Changed { get; set; }

        /// <summary>Backed-up items with no live item of that key.</summary>
        public long Missing { get; set; }

        /// <summary>Live items whose key the backup does not hold: created since the backup.</summary>
        public long CreatedSince { get; set; }

        /// <summary>The keys (values joined by '|') of changed and missing items, the first <see cref="BackupItemComparer.KeysKept"/>.</summary>
        public IReadOnlyList<string> DifferingKeys { get; set; } = Array.Empty<string>();

        /// <summary>The keys of the items created since, the first <see cref="BackupItemComparer.KeysKept"/>.</summary>
        public IReadOnlyList<string> CreatedSinceKeys { get; set; } = Array.Empty<string>();

        /// <summary>Every backed-up item is live and unchanged.</summary>
        public bool Identical => Changed == 0 && Missing == 0 && BackupChecksum == LiveChecksum;

        public override string ToString() => $"{TableName}: {BackupItems} backed-up items, {Changed} changed, {Missing} missing, {CreatedSince} created since";
    }
}
