using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using AuroraRestore.Aws.Protocol;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>RDS over the Query protocol (botocore: rds/2014-10-31).</summary>
    public sealed class RdsClient : QueryServiceClient, IRdsClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("RDS", "rds", "rds");

        private readonly AwsContext context;

        public RdsClient(AwsContext context)
            : base(context, Endpoint, "2014-10-31")
        {
            this.context = context;
        }

        public string Region => context.Region;

        public async Task<DbCluster?> DescribeDbClusterAsync(string clusterIdentifier, CancellationToken cancellationToken)
        {
            try
            {
                var result = await InvokeAsync(NewRequest("DescribeDBClusters").Add("DBClusterIdentifier", clusterIdentifier), clusterIdentifier, cancellationToken).ConfigureAwait(false);
                var member = Xml.Members(result, "DBClusters", "DBCluster").FirstOrDefault();
                return member == null ? null : ParseCluster(member);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "DBClusterNotFoundFault")
            {
                return null;
            }
        }

        public async Task<IReadOnlyList<DbClusterSnapshot>> DescribeDbClusterSnapshotsAsync(string? clusterIdentifier, string? snapshotIdentifier, string? snapshotType, CancellationToken cancellationToken)
        {
            var snapshots = new List<DbClusterSnapshot>();
            string? marker = null;
            do
            {
                var request = NewRequest("DescribeDBClusterSnapshots")
                    .Add("DBClusterIdentifier", clusterIdentifier)
                    .Add("DBClusterSnapshotIdentifier", snapshotIdentifier)
                    .Add("SnapshotType", snapshotType)
                    .Add("Marker", marker);
                var result = await InvokeAsync(request, snapshotIdentifier ?? clusterIdentifier ?? string.Empty, cancellationToken).ConfigureAwait(false);
                snapshots.AddRange(Xml.Members(result, "DBClusterSnapshots", "DBClusterSnapshot").Select(ParseSnapshot));
                marker = Xml.Text(result, "Marker");
            }
            while (!string.IsNullOrEmpty(marker));
            return snapshots;
        }

        public async Task<DbClusterSnapshot?> DescribeDbClusterSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken)
        {
            try
            {
                var snapshots = await DescribeDbClusterSnapshotsAsync(null, snapshotIdentifier, null, cancellationToken).ConfigureAwait(false);
                return snapshots.FirstOrDefault();
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "DBClusterSnapshotNotFoundFault")
            {
                return null;
            }
        }

        public async Task<IReadOnlyList<DbInstance>> DescribeDbInstancesAsync(string? instanceIdentifier, string? clusterIdentifier, CancellationToken cancellationToken)
        {
            var instances = new List<DbInstance>();
            string? marker = null;
            try
            {
                do
                {
                    var request = NewRequest("DescribeDBInstances").Add("DBInstanceIdentifier", instanceIdentifier).Add("Marker", marker);
                    if (clusterIdentifier != null)
                    {
                        request.Add("Filters.Filter.1.Name", "db-cluster-id").Add("Filters.Filter.1.Values.Value.1", clusterIdentifier);
                    }

                    var result = await InvokeAsync(request, instanceIdentifier ?? clusterIdentifier ?? string.Empty, cancellationToken).ConfigureAwait(false);
                    instances.AddRange(Xml.Members(result, "DBInstances", "DBInstance").Select(ParseInstance));
                    marker = Xml.Text(result, "Marker");
                }
                while (!string.IsNullOrEmpty(marker));
            }
            catch (AwsServiceException ex) when (instanceIdentifier != null && (ex.ErrorCode == "DBInstanceNotFound" || ex.ErrorCode == "DBInstanceNotFoundFault"))
            {
                return instances;
            }

            return instances;
        }

        public async Task<DbClusterSnapshot> CreateDbClusterSnapshotAsync(string clusterIdentifier, string snapshotIdentifier, IEnumerable<KeyValuePair<string, string>>? tags, CancellationToken cancellationToken)
        {
            var request = NewRequest("CreateDBClusterSnapshot")
                .Add("DBClusterSnapshotIdentifier", snapshotIdentifier)
                .Add("DBClusterIdentifier", clusterIdentifier);
            AddTags(request, tags);
            var result = await InvokeAsync(request, $"{snapshotIdentifier} of {clusterIdentifier}", cancellationToken).ConfigureAwait(false);
            return ParseSnapshot(Xml.Child(result, "DBClusterSnapshot")!);
        }

        public async Task<DbClusterSnapshot> CopyDbClusterSnapshotAsync(CopyClusterSnapshotRequest copy, CancellationToken cancellationToken)
        {
            var request = NewRequest("CopyDBClusterSnapshot")
                .Add("SourceDBClusterSnapshotIdentifier", copy.SourceSnapshotIdentifier)
                .Add("TargetDBClusterSnapshotIdentifier", copy.TargetSnapshotIdentifier)
                .Add("KmsKeyId", copy.KmsKeyId);
            if (!string.IsNullOrEmpty(copy.SourceRegion) && copy.SourceRegion != Region)
            {
                // What botocore signs: the copy's own parameters plus DestinationRegion, as a GET to the source region.
                var presignParameters = new List<KeyValuePair<string, string>>
                {
                    new KeyValuePair<string, string>("Action", "CopyDBClusterSnapshot"),
                    new KeyValuePair<string, string>("Version", ApiVersion),
                    new KeyValuePair<string, string>("SourceDBClusterSnapshotIdentifier", copy.SourceSnapshotIdentifier),
                    new KeyValuePair<string, string>("TargetDBClusterSnapshotIdentifier", copy.TargetSnapshotIdentifier),
                    new KeyValuePair<string, string>("DestinationRegion", Region),
                };
                if (copy.KmsKeyId != null)
                {
                    presignParameters.Add(new KeyValuePair<string, string>("KmsKeyId", copy.KmsKeyId));
                }

                var source = context.ForRegion(copy.SourceRegion!);
                request.Add("PreSignedUrl", RdsPresignedUrl.Create(presignParameters, source.EndpointFor(Endpoint.EndpointPrefix), copy.SourceRegion!, context.Credentials.GetCredentials(), DateTimeOffset.UtcNow));
            }

            if (copy.CopyTags)
            {
                request.Add("CopyTags", true);
            }

            AddTags(request, copy.Tags);
            var result = await InvokeAsync(request, $"{copy.SourceSnapshotIdentifier} to {copy.TargetSnapshotIdentifier}", cancellationToken).ConfigureAwait(false);
            return ParseSnapshot(Xml.Child(result, "DBClusterSnapshot")!);
        }

        public async Task DeleteDbClusterSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken)
            => await InvokeAsync(NewRequest("DeleteDBClusterSnapshot").Add("DBClusterSnapshotIdentifier", snapshotIdentifier), snapshotIdentifier, cancellationToken).ConfigureAwait(false);

        public async Task<DbCluster> DeleteDbClusterAsync(string clusterIdentifier, string? finalSnapshotIdentifier, CancellationToken cancellationToken)
        {
            var request = NewRequest("DeleteDBCluster").Add("DBClusterIdentifier", clusterIdentifier);
            if (finalSnapshotIdentifier == null)
            {
                request.Add("SkipFinalSnapshot", true);
            }
            else
            {
                request.Add("SkipFinalSnapshot", false).Add("FinalDBSnapshotIdentifier", finalSnapshotIdentifier);
            }

            var result = await InvokeAsync(request, clusterIdentifier + (finalSnapshotIdentifier == null ? " (no final snapshot)" : " (final snapshot " + finalSnapshotIdentifier + ")"), cancellationToken).ConfigureAwait(false);
            return ParseCluster(Xml.Child(result, "DBCluster")!);
        }

        public async Task<DbInstance> DeleteDbInstanceAsync(string instanceIdentifier, CancellationToken cancellationToken)
        {
            // Aurora instances have no snapshots of their own: the cluster holds the data.
            var result = await InvokeAsync(NewRequest("DeleteDBInstance").Add("DBInstanceIdentifier", instanceIdentifier), instanceIdentifier, cancellationToken).ConfigureAwait(false);
            return ParseInstance(Xml.Child(result, "DBInstance")!);
        }

        public async Task<DbCluster> RestoreDbClusterFromSnapshotAsync(ClusterRestoreRequest restore, CancellationToken cancellationToken)
        {
            var request = NewRequest("RestoreDBClusterFromSnapshot")
                .Add("DBClusterIdentifier", restore.ClusterIdentifier)
                .Add("SnapshotIdentifier", restore.SnapshotIdentifier)
                .Add("Engine", restore.Engine);
            AddClusterSettings(request, restore);
            var result = await InvokeAsync(request, $"{restore.ClusterIdentifier} from {restore.SnapshotIdentifier}", cancellationToken).ConfigureAwait(false);
            return ParseCluster(Xml.Child(result, "DBCluster")!);
        }

        public async Task<DbCluster> RestoreDbClusterToPointInTimeAsync(ClusterRestoreRequest restore, CancellationToken cancellationToken)
        {
            var request = NewRequest("RestoreDBClusterToPointInTime")
                .Add("DBClusterIdentifier", restore.ClusterIdentifier)
                .Add("SourceDBClusterIdentifier", restore.SourceClusterIdentifier);
            if (restore.RestoreTime.HasValue)
            {
                request.Add("RestoreToTime", restore.RestoreTime.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                request.Add("UseLatestRestorableTime", true);
            }

            AddClusterSettings(request, restore);
            var at = restore.RestoreTime.HasValue ? restore.RestoreTime.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : "latest restorable time";
            var result = await InvokeAsync(request, $"{restore.ClusterIdentifier} from {restore.SourceClusterIdentifier} at {at}", cancellationToken).ConfigureAwait(false);
            return ParseCluster(Xml.Child(result, "DBCluster")!);
        }

        public async Task<DbInstance> CreateDbInstanceAsync(InstanceCreateRequest create, CancellationToken cancellationToken)
        {
            var request = NewRequest("CreateDBInstance")
                .Add("DBInstanceIdentifier", create.InstanceIdentifier)
                .Add("DBInstanceClass", create.InstanceClass)
                .Add("Engine", create.Engine)
                .Add("DBClusterIdentifier", create.ClusterIdentifier);
            AddTags(request, create.Tags);
            var result = await InvokeAsync(request, $"{create.InstanceIdentifier} ({create.InstanceClass}) in {create.ClusterIdentifier}", cancellationToken).ConfigureAwait(false);
            return ParseInstance(Xml.Child(result, "DBInstance")!);
        }

        public async Task AddTagsToResourceAsync(string resourceArn, IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancellationToken)
        {
            var request = NewRequest("AddTagsToResource").Add("ResourceName", resourceArn);
            AddTags(request, tags);
            await InvokeAsync(request, resourceArn, cancellationToken).ConfigureAwait(false);
        }

        public async Task<IDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync(NewRequest("ListTagsForResource").Add("ResourceName", resourceArn), resourceArn, cancellationToken).ConfigureAwait(false);
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            ReadTags(result, tags);
            return tags;
        }

        private static void AddClusterSettings(QueryRequest request, ClusterRestoreRequest restore)
        {
            request.Add("EngineVersion", restore.EngineVersion)
                .Add("Port", restore.Port)
                .Add("DBSubnetGroupName", restore.DbSubnetGroupName)
                .AddList("VpcSecurityGroupIds", restore.VpcSecurityGroupIds.Count == 0 ? null : restore.VpcSecurityGroupIds, "VpcSecurityGroupId")
                .Add("KmsKeyId", restore.KmsKeyId)
                .Add("EnableIAMDatabaseAuthentication", restore.EnableIamDatabaseAuthentication)
                .Add("DeletionProtection", restore.DeletionProtection);
            AddTags(request, restore.Tags);
        }

        private static void AddTags(QueryRequest request, IEnumerable<KeyValuePair<string, string>>? tags)
        {
            var list = tags?.ToList();
            if (list == null || list.Count == 0)
            {
                return;
            }

            request.AddList("Tags", list, t => new[] { new KeyValuePair<string, string?>("Key", t.Key), new KeyValuePair<string, string?>("Value", t.Value) }, "Tag");
        }

        private static void ReadTags(XElement? parent, IDictionary<string, string> into)
        {
            foreach (var tag in Xml.Members(parent, "TagList", "Tag"))
            {
                var key = Xml.Text(tag, "Key");
                if (key != null)
                {
                    into[key] = Xml.Text(tag, "Value") ?? string.Empty;
                }
            }
        }

        private static DbCluster ParseCluster(XElement e)
        {
            var cluster = new DbCluster
            {
                DbClusterIdentifier = Xml.Text(e, "DBClusterIdentifier") ?? string.Empty,
                DbClusterArn = Xml.Text(e, "DBClusterArn") ?? string.Empty,
                Status = Xml.Text(e, "Status") ?? string.Empty,
                Engine = Xml.Text(e, "Engine") ?? string.Empty,
                EngineVersion = Xml.Text(e, "EngineVersion"),
                Endpoint = Xml.Text(e, "Endpoint"),
                Port = Xml.Int(e, "Port"),
                MasterUsername = Xml.Text(e, "MasterUsername"),
                DbSubnetGroup = Xml.Text(e, "DBSubnetGroup"),
                StorageEncrypted = Xml.Bool(e, "StorageEncrypted") ?? false,
                KmsKeyId = Xml.Text(e, "KmsKeyId"),
                DeletionProtection = Xml.Bool(e, "DeletionProtection") ?? false,
                IamDatabaseAuthenticationEnabled = Xml.Bool(e, "IAMDatabaseAuthenticationEnabled") ?? false,
                EarliestRestorableTime = Xml.Time(e, "EarliestRestorableTime"),
                LatestRestorableTime = Xml.Time(e, "LatestRestorableTime"),
            };
            foreach (var member in Xml.Members(e, "DBClusterMembers", "DBClusterMember"))
            {
                var id = Xml.Text(member, "DBInstanceIdentifier");
                if (id != null)
                {
                    cluster.MemberInstanceIdentifiers.Add(id);
                }
            }

            foreach (var group in Xml.Members(e, "VpcSecurityGroups", "VpcSecurityGroupMembership"))
            {
                var id = Xml.Text(group, "VpcSecurityGroupId");
                if (id != null)
                {
                    cluster.VpcSecurityGroupIds.Add(id);
                }
            }

            ReadTags(e, cluster.Tags);
            return cluster;
        }

        private static DbClusterSnapshot ParseSnapshot(XElement e)
        {
            var snapshot = new DbClusterSnapshot
            {
                DbClusterSnapshotIdentifier = Xml.Text(e, "DBClusterSnapshotIdentifier") ?? string.Empty,
                DbClusterSnapshotArn = Xml.Text(e, "DBClusterSnapshotArn") ?? string.Empty,
                DbClusterIdentifier = Xml.Text(e, "DBClusterIdentifier") ?? string.Empty,
                Status = Xml.Text(e, "Status") ?? string.Empty,
                SnapshotType = Xml.Text(e, "SnapshotType"),
                Engine = Xml.Text(e, "Engine") ?? string.Empty,
                EngineVersion = Xml.Text(e, "EngineVersion"),
                SnapshotCreateTime = Xml.Time(e, "SnapshotCreateTime"),
                StorageEncrypted = Xml.Bool(e, "StorageEncrypted") ?? false,
                KmsKeyId = Xml.Text(e, "KmsKeyId"),
                PercentProgress = Xml.Int(e, "PercentProgress"),
                Port = Xml.Int(e, "Port"),
            };
            ReadTags(e, snapshot.Tags);
            return snapshot;
        }

        private static DbInstance ParseInstance(XElement e)
        {
            var endpoint = Xml.Child(e, "Endpoint");
            var instance = new DbInstance
            {
                DbInstanceIdentifier = Xml.Text(e, "DBInstanceIdentifier") ?? string.Empty,
                DbInstanceArn = Xml.Text(e, "DBInstanceArn") ?? string.Empty,
                DbClusterIdentifier = Xml.Text(e, "DBClusterIdentifier"),
                DbInstanceClass = Xml.Text(e, "DBInstanceClass") ?? string.Empty,
                DbInstanceStatus = Xml.Text(e, "DBInstanceStatus") ?? string.Empty,
                Engine = Xml.Text(e, "Engine") ?? string.Empty,
                EndpointAddress = Xml.Text(endpoint, "Address"),
                EndpointPort = Xml.Int(endpoint, "Port"),
            };
            ReadTags(e, instance.Tags);
            return instance;
        }
    }
}
