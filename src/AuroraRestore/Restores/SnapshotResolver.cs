using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Common;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// Finds and checks the restore's source: a given snapshot, the daily snapshot of a date (by the configured prefix),
    /// or a point in time inside the source cluster's restorable window. Used by the validation before anything
    /// changes and by the snapshot-check step, so both refuse exactly the same inputs.
    /// </summary>
    public static class SnapshotResolver
    {
        public static async Task<DbCluster> RequireSourceClusterAsync(IRdsClient sourceRds, string sourceCluster, CancellationToken cancellationToken)
        {
            var cluster = await sourceRds.DescribeDbClusterAsync(sourceCluster, cancellationToken).ConfigureAwait(false);
            return cluster ?? throw new AuroraRestoreException(
                "SourceClusterNotFound", FailureCategory.ObjectNotFound, sourceCluster,
                $"The source cluster '{sourceCluster}' does not exist in {sourceRds.Region}.",
                "Check -SourceClusterIdentifier and -SourceRegion (or source_cluster_id and source_region in the configuration).");
        }

        /// <summary>The given snapshot: it must exist, belong to the source cluster and be available.</summary>
        public static async Task<DbClusterSnapshot> RequireSnapshotAsync(IRdsClient sourceRds, string sourceCluster, string snapshotIdentifier, CancellationToken cancellationToken)
        {
            var snapshot = await sourceRds.DescribeDbClusterSnapshotAsync(snapshotIdentifier, cancellationToken).ConfigureAwait(false);
            if (snapshot == null)
            {
                throw new AuroraRestoreException(
                    "SnapshotNotFound", FailureCategory.ObjectNotFound, snapshotIdentifier,
                    $"The snapshot '{snapshotIdentifier}' does not exist in {sourceRds.Region}.",
                    "Check -SnapshotIdentifier, or leave it out to restore the daily snapshot of -Date.");
            }

            if (!string.Equals(snapshot.DbClusterIdentifier, sourceCluster, StringComparison.OrdinalIgnoreCase))
            {
                throw new AuroraRestoreException(
                    "SnapshotOfAnotherCluster", FailureCategory.InvalidArgument, snapshotIdentifier,
                    $"The snapshot '{snapshotIdentifier}' belongs to cluster '{snapshot.DbClusterIdentifier}', not to the source cluster '{sourceCluster}'.",
                    "Pass a snapshot of the source cluster, or the matching -SourceClusterIdentifier.");
            }

            RequireAvailable(snapshot);
            return snapshot;
        }

        /// <summary>The newest available snapshot of the source cluster whose id starts with prefix + yyyy-MM-dd.</summary>
        public static async Task<DbClusterSnapshot> FindDailySnapshotAsync(IRdsClient sourceRds, string sourceCluster, string prefix, DateTime date, CancellationToken cancellationToken)
        {
            var wanted = prefix + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var snapshots = await sourceRds.DescribeDbClusterSnapshotsAsync(sourceCluster, null, null, cancellationToken).ConfigureAwait(false);
            var matching = snapshots.Where(s => s.DbClusterSnapshotIdentifier.StartsWith(wanted, StringComparison.Ordinal)).ToList();
            var available = matching.Where(s => s.Status == "available").OrderByDescending(s => s.SnapshotCreateTime).FirstOrDefault();
            if (available != null)
            {
                return available;
            }

            if (matching.Count > 0)
            {
                RequireAvailable(matching[0]);
            }

            throw new AuroraRestoreException(
                "SnapshotNotFound", FailureCategory.ObjectNotFound, wanted,
                $"No snapshot of '{sourceCluster}' in {sourceRds.Region} starts with '{wanted}'.",
                "Pass -Date for a day that has a snapshot, -SnapshotIdentifier, or check snapshot_prefix in the configuration.");
        }

        /// <summary>A point in time must lie inside the source's restorable window (RDS checks it; moto does not, so the module does).</summary>
        public static void RequireInsideWindow(DbCluster source, DateTimeOffset restoreTime)
        {
            var earliest = source.EarliestRestorableTime;
            var latest = source.LatestRestorableTime;
            if (earliest == null || latest == null || restoreTime < earliest.Value || restoreTime > latest.Value)
            {
                var window = earliest == null || latest == null ? "none (no automated backups)" : $"{earliest.Value.UtcDateTime:u} to {latest.Value.UtcDateTime:u}";
                throw new AuroraRestoreException(
                    "RestoreTimeOutsideWindow", FailureCategory.InvalidArgument, restoreTime,
                    $"{restoreTime.UtcDateTime:u} is outside the restorable window of '{source.DbClusterIdentifier}': {window}.",
                    "Pass a -RestoreTime inside the window, or -UseLatestRestorableTime.");
            }
        }

        private static void RequireAvailable(DbClusterSnapshot snapshot)
        {
            if (snapshot.Status != "available")
            {
                throw new AuroraRestoreException(
                    "SnapshotNotAvailable", FailureCategory.ResourceUnavailable, snapshot.DbClusterSnapshotIdentifier,
                    $"The snapshot '{snapshot.DbClusterSnapshotIdentifier}' is {snapshot.Status}, not available.",
                    "Wait until it is available (aws rds describe-db-cluster-snapshots) and start the restore again.");
            }
        }
    }
}
