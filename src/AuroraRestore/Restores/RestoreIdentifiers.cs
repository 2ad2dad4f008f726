using System;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace AuroraRestore.Restores
{
    /// <summary>The naming rules a restore checks before it changes anything, and the names it derives.</summary>
    public static class RestoreIdentifiers
    {
        // RDS: 1-63 letters, digits or hyphens; first a letter; no trailing hyphen, no two hyphens in a row.
        private static readonly Regex ClusterPattern = new Regex("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$", RegexOptions.CultureInvariant);

        // Snapshot ids also allow the automated "rds:" prefix; ARNs are accepted as given.
        private static readonly Regex SnapshotPattern = new Regex("^(rds:)?[a-zA-Z][a-zA-Z0-9-]{0,254}$|^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster-snapshot:.+$", RegexOptions.CultureInvariant);

        // db.serverless, or db.<family>.<size> such as db.r6g.large, db.t4g.medium, db.x2g.16xlarge.
        private static readonly Regex InstanceClassPattern = new Regex("^db\\.(serverless|[a-z][a-z0-9-]*\\.[0-9]*x?[a-z0-9]+)$", RegexOptions.CultureInvariant);

        private static readonly Regex OperationIdPattern = new Regex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        public static bool IsValidClusterIdentifier(string? id) => id != null && ClusterPattern.IsMatch(id);

        public static bool IsValidSnapshotIdentifier(string? id) => id != null && SnapshotPattern.IsMatch(id);

        public static bool IsValidInstanceClass(string? instanceClass) => instanceClass != null && InstanceClassPattern.IsMatch(instanceClass);

        public static bool IsValidOperationId(string? id) => id != null && OperationIdPattern.IsMatch(id);

        /// <summary><c>op-</c> and 12 lower-case hex digits (docs/formats/state-items.md).</summary>
        public static string NewOperationId() => "op-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

        /// <summary>The copy of the source snapshot in the target region: one name per operation, so a retried copy finds it.</summary>
        public static string CopiedSnapshotName(string operationId) => "aurora-restore-" + Sanitize(operationId) + "-copy";

        /// <summary>The final snapshot of a replaced target cluster.</summary>
        public static string FinalSnapshotName(string targetCluster, string operationId) => Truncate(targetCluster + "-final-" + Sanitize(operationId), 255);

        public static string InstanceName(string targetCluster, int index) => Truncate(targetCluster, 58) + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static string Sanitize(string operationId)
        {
            var cleaned = Regex.Replace(operationId.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
            return cleaned.Length == 0 ? "op" : cleaned;
        }

        private static string Truncate(string value, int length) => (value.Length <= length ? value : value.Substring(0, length)).TrimEnd('-');
    }
}
