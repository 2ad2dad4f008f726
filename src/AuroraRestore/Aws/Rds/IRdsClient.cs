using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>
    /// The RDS operations the restore steps use (botocore: rds/2014-10-31, Query protocol). One client talks to one region:
    /// cross-region work takes one client per region.
    /// </summary>
    public interface IRdsClient : IDisposable
    {
        string Region { get; }

        /// <returns>The cluster, or null when it does not exist.</returns>
        Task<DbCluster?> DescribeDbClusterAsync(string clusterIdentifier, CancellationToken cancellationToken);

        /// <summary>Every page. Filter by cluster, by snapshot id, or both; <paramref name="snapshotType"/> is automated, manual, ... or null for all.</summary>
        Task<IReadOnlyList<DbClusterSnapshot>> DescribeDbClusterSnapshotsAsync(string? clusterIdentifier, string? snapshotIdentifier, string? snapshotType, CancellationToken cancellationToken);

        /// <returns>The snapshot, or null when it does not exist.</returns>
        Task<DbClusterSnapshot?> DescribeDbClusterSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken);

        /// <summary>Every page; the instances of one cluster (<paramref name="clusterIdentifier"/>), one instance, or all.</summary>
        Task<IReadOnlyList<DbInstance>> DescribeDbInstancesAsync(string? instanceIdentifier, string? clusterIdentifier, CancellationToken cancellationToken);

        Task<DbClusterSnapshot> CreateDbClusterSnapshotAsync(string clusterIdentifier, string snapshotIdentifier, IEnumerable<KeyValuePair<string, string>>? tags, CancellationToken cancellationToken);

        /// <summary>Copies a snapshot into this client's region (sent to the destination region, as RDS requires).</summary>
        Task<DbClusterSnapshot> CopyDbClusterSnapshotAsync(CopyClusterSnapshotRequest request, CancellationToken cancellationToken);

        Task DeleteDbClusterSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken);

        /// <summary>Deletes a cluster, taking a final snapshot named <paramref name="finalSnapshotIdentifier"/> unless it is null.</summary>
        Task<DbCluster> DeleteDbClusterAsync(string clusterIdentifier, string? finalSnapshotIdentifier, CancellationToken cancellationToken);

        Task<DbInstance> DeleteDbInstanceAsync(string instanceIdentifier, CancellationToken cancellationToken);

        Task<DbCluster> RestoreDbClusterFromSnapshotAsync(ClusterRestoreRequest request, CancellationToken cancellationToken);

        /// <summary>Restores <see cref="ClusterRestoreRequest.SourceClusterIdentifier"/> to <see cref="ClusterRestoreRequest.RestoreTime"/> (or its latest restorable time when null).</summary>
        Task<DbCluster> RestoreDbClusterToPointInTimeAsync(ClusterRestoreRequest request, CancellationToken cancellationToken);

        Task<DbInstance> CreateDbInstanceAsync(InstanceCreateRequest request, CancellationToken cancellationToken);

        Task AddTagsToResourceAsync(string resourceArn, IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancellationToken);

        Task<IDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken);
    }
}
