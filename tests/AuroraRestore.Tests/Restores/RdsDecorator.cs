using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Rds;

namespace AuroraRestore.Tests.Restores
{
    /// <summary>Passes every call to a real client; tests override one operation to inject a crash.</summary>
    public class RdsDecorator : IRdsClient
    {
        private readonly IRdsClient inner;

        public RdsDecorator(IRdsClient inner) => this.inner = inner;

        public string Region => inner.Region;

        public virtual Task<DbCluster?> DescribeDbClusterAsync(string clusterIdentifier, CancellationToken cancellationToken) => inner.DescribeDbClusterAsync(clusterIdentifier, cancellationToken);

        public virtual Task<IReadOnlyList<DbClusterSnapshot>> DescribeDbClusterSnapshotsAsync(string? clusterIdentifier, string? snapshotIdentifier, string? snapshotType, CancellationToken cancellationToken) => inner.DescribeDbClusterSnapshotsAsync(clusterIdentifier, snapshotIdentifier, snapshotType, cancellationToken);

        public virtual Task<DbClusterSnapshot?> DescribeDbClusterSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken) => inner.DescribeDbClusterSnapshotAsync(snapshotIdentifier, cancellationToken);

        public virtual Task<IReadOnlyList<DbInstance>> DescribeDbInstancesAsync(string? instanceIdentifier, string? clusterIdentifier, CancellationToken cancellationToken) => inner.DescribeDbInstancesAsync(instanceIdentifier, clusterIdentifier, cancellationToken);

        public virtual Task<DbClusterSnapshot> CreateDbClusterSnapshotAsync(string clusterIdentifier, string snapshotIdentifier, IEnumerable<KeyValuePair<string, string>>? tags, CancellationToken cancellationToken) => inner.CreateDbClusterSnapshotAsync(clusterIdentifier, snapshotIdentifier, tags, cancellationToken);

        public virtual Task<DbClusterSnapshot> CopyDbClusterSnapshotAsync(CopyClusterSnapshotRequest request, CancellationToken cancellationToken) => inner.CopyDbClusterSnapshotAsync(request, cancellationToken);

        public virtual Task DeleteDbClusterSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken) => inner.DeleteDbClusterSnapshotAsync(snapshotIdentifier, cancellationToken);

        public virtual Task<DbCluster> DeleteDbClusterAsync(string clusterIdentifier, string? finalSnapshotIdentifier, CancellationToken cancellationToken) => inner.DeleteDbClusterAsync(clusterIdentifier, finalSnapshotIdentifier, cancellationToken);

        public virtual Task<DbInstance> DeleteDbInstanceAsync(string instanceIdentifier, CancellationToken cancellationToken) => inner.DeleteDbInstanceAsync(instanceIdentifier, cancellationToken);

        public virtual Task<DbCluster> RestoreDbClusterFromSnapshotAsync(ClusterRestoreRequest request, CancellationToken cancellationToken) => inner.RestoreDbClusterFromSnapshotAsync(request, cancellationToken);

        public virtual Task<DbCluster> RestoreDbClusterToPointInTimeAsync(ClusterRestoreRequest request, CancellationToken cancellationToken) => inner.RestoreDbClusterToPointInTimeAsync(request, cancellationToken);

        public virtual Task<DbInstance> CreateDbInstanceAsync(InstanceCreateRequest request, CancellationToken cancellationToken) => inner.CreateDbInstanceAsync(request, cancellationToken);

        public virtual Task AddTagsToResourceAsync(string resourceArn, IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancellationToken) => inner.AddTagsToResourceAsync(resourceArn, tags, cancellationToken);

        public virtual Task<IDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken) => inner.ListTagsForResourceAsync(resourceArn, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
