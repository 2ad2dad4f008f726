using System;
using System.Collections.Generic;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// One table across a rollback, in the shared checksum ("count:digest", State/TableChecksum): as the upgrade found it,
    /// as the rollback found it, as the rollback left it, and (with the upgrade's backup set) how the items the backup holds
    /// compare with the live ones.
    /// </summary>
    public sealed class RollbackTableReport
    {
        public string TableName { get; set; } = string.Empty;

        /// <summary>The items when the upgrade's first state migration read them (from the upgrade journal), or empty when it never ran.</summary>
        public string ChecksumBeforeUpgrade { get; set; } = string.Empty;

        /// <summary>The table when the rollback's item work began (its first down migration, or the restore's safety set); else as after.</summary>
        public string ChecksumBefore { get; set; } = string.Empty;

        /// <summary>The whole table after the rollback.</summary>
        public string ChecksumAfter { get; set; } = string.Empty;

        public long ItemsBefore { get; set; }

        public long ItemsAfter { get; set; }

        /// <summary>The checksum of the upgrade's backup set for this table (empty when no backup set was compared).</summary>
        public string BackupChecksum { get; set; } = string.Empty;

        /// <summary>The checksum of the live items whose keys the backup holds (equal to <see cref="BackupChecksum"/> when every one is back as it was).</summary>
        public string PreUpgradeItemsChecksum { get; set; } = string.Empty;

        /// <summary>True when every item of the backup is back exactly (checksums equal); null when not compared.</summary>
        public bool? PreUpgradeItemsIdentical { get; set; }

        /// <summary>Items in the table whose key the backup does not hold: created since the backup (restores started during or after the upgrade).</summary>
        public long ItemsCreatedSinceBackup { get; set; }

        /// <summary>Keys of backed-up items that differ from the backup now, or are gone (the first ones).</summary>
        public IReadOnlyList<string> ItemsDifferingFromBackup { get; set; } = Array.Empty<string>();

        public override string ToString() => $"{TableName}: {ItemsBefore} -> {ItemsAfter} items{(PreUpgradeItemsIdentical == null ? string.Empty : PreUpgradeItemsIdentical.Value ? ", pre-upgrade items identical" : ", pre-upgrade items DIFFER")}";
    }
}
