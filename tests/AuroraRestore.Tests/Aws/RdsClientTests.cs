using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>Wire fidelity of the RDS client: every operation's effect or answer is checked through the AWS CLI.</summary>
    public sealed class RdsClientTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public RdsClientTests(MotoServer moto) => this.moto = moto;

        private static CancellationToken None => CancellationToken.None;

        [Fact]
        public async Task DescribeDbCluster_matches_the_AWS_CLI_and_returns_null_for_a_missing_cluster()
        {
            CreateClusterWithCli("rds-describe", instances: 1);
            using var client = new RdsClient(TestContexts.For(moto));
            var ours = await client.DescribeDbClusterAsync("rds-describe", None);
            var cli = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", "rds-describe")!["DBClusters"]![0]!;

            Assert.NotNull(ours);
            Assert.Equal((string?)cli["DBClusterArn"], ours!.DbClusterArn);
            Assert.Equal((string?)cli["Status"], ours.Status);
            Assert.Equal((string?)cli["Endpoint"], ours.Endpoint);
            Assert.Equal((int?)cli["Port"], ours.Port);
            Assert.Equal((bool?)cli["StorageEncrypted"], ours.StorageEncrypted);
            // moto moves LatestRestorableTime to "now" on every call: only its presence is comparable.
            Assert.NotNull(ours.LatestRestorableTime);
            Assert.Equal(DateTimeOffset.Parse((string)cli["EarliestRestorableTime"]!), ours.EarliestRestorableTime);
            Assert.Equal(new[] { "rds-describe-1" }, ours.MemberInstanceIdentifiers);
            Assert.Null(await client.DescribeDbClusterAsync("rds-no-such-cluster", None));
        }

        [Fact]
        public async Task CreateDbClusterSnapshot_and_DescribeDbClusterSnapshots_match_the_AWS_CLI()
        {
            CreateClusterWithCli("rds-snapshots", instances: 0);
            using var client = new RdsClient(TestContexts.For(moto));
            var created = await client.CreateDbClusterSnapshotAsync("rds-snapshots", "rds-snapshots-a", new Dictionary<string, string> { ["purpose"] = "test" }, None);
            var listed = await client.DescribeDbClusterSnapshotsAsync("rds-snapshots", null, "manual", None);
            var cli = AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "rds-snapshots-a")!["DBClusterSnapshots"]![0]!;

            Assert.Equal((string?)cli["DBClusterSnapshotArn"], created.DbClusterSnapshotArn);
            var ours = Assert.Single(listed);
            Assert.Equal((string?)cli["DBClusterSnapshotIdentifier"], ours.DbClusterSnapshotIdentifier);
            Assert.Equal((string?)cli["DBClusterIdentifier"], ours.DbClusterIdentifier);
            Assert.Equal((string?)cli["Status"], ours.Status);
            Assert.Equal((string?)cli["SnapshotType"], ours.SnapshotType);
            Assert.Equal(DateTimeOffset.Parse((string)cli["SnapshotCreateTime"]!), ours.SnapshotCreateTime);
            Assert.Equal("test", (string?)cli["TagList"]![0]!["Value"]);
            Assert.Equal("test", ours.Tags["purpose"]);
            Assert.Null(await client.DescribeDbClusterSnapshotAsync("rds-no-such-snapshot", None));
        }

        [Fact]
        public async Task CopyDbClusterSnapshot_across_regions_creates_the_copy_the_AWS_CLI_sees_there()
        {
            CreateClusterWithCli("rds-copy", instances: 0);
            AwsCli.Run(moto, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "rds-copy", "--db-cluster-snapshot-identifier", "rds-copy-src");
            var key = (string)AwsCli.Json(moto, "kms", "create-key", "--region", "us-west-2")!["KeyMetadata"]!["Arn"]!;
            var sourceArn = (string)AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "rds-copy-src")!["DBClusterSnapshots"]![0]!["DBClusterSnapshotArn"]!;
            using var client = new RdsClient(TestContexts.For(moto, "us-west-2"));
            var request = new CopyClusterSnapshotRequest(sourceArn, "rds-copy-dst") { KmsKeyId = key, SourceRegion = "us-east-1" };
            request.Tags["operation"] = "op-1";
            var copy = await client.CopyDbClusterSnapshotAsync(request, None);

            var cli = AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--region", "us-west-2", "--db-cluster-snapshot-identifier", "rds-copy-dst")!["DBClusterSnapshots"]![0]!;
            Assert.Equal((string?)cli["DBClusterSnapshotArn"], copy.DbClusterSnapshotArn);
            Assert.Contains(":us-west-2:", copy.DbClusterSnapshotArn);
            Assert.Equal(key, (string?)cli["KmsKeyId"]);
            Assert.Equal("op-1", (string?)cli["TagList"]![0]!["Value"]);
        }

        [Fact]
        public async Task DeleteDbClusterSnapshot_removes_it_for_the_AWS_CLI()
        {
            CreateClusterWithCli("rds-delsnap", instances: 0);
            AwsCli.Run(moto, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "rds-delsnap", "--db-cluster-snapshot-identifier", "rds-delsnap-a");
            using var client = new RdsClient(TestContexts.For(moto));
            await client.DeleteDbClusterSnapshotAsync("rds-delsnap-a", None);

            var left = AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--db-cluster-identifier", "rds-delsnap", "--snapshot-type", "manual")!["DBClusterSnapshots"]!.AsArray();
            Assert.Empty(left);
        }

        [Fact]
        public async Task RestoreDbClusterFromSnapshot_and_CreateDbInstance_create_what_the_AWS_CLI_shows()
        {
            CreateClusterWithCli("rds-restore-src", instances: 0);
            AwsCli.Run(moto, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "rds-restore-src", "--db-cluster-snapshot-identifier", "rds-restore-snap");
            using var client = new RdsClient(TestContexts.For(moto));
            var request = new ClusterRestoreRequest("rds-restored", "aurora-postgresql")
            {
                SnapshotIdentifier = "rds-restore-snap",
                Port = 5433,
                DbSubnetGroupName = "default",
                EnableIamDatabaseAuthentication = true,
                DeletionProtection = false,
            };
            request.VpcSecurityGroupIds.Add("sg-0123");
            request.VpcSecurityGroupIds.Add("sg-0456");
            request.Tags["aurora-restore:operation-id"] = "op-abc";
            var cluster = await client.RestoreDbClusterFromSnapshotAsync(request, None);
            var instanceRequest = new InstanceCreateRequest("rds-restored-1", "rds-restored", "db.r6g.large", "aurora-postgresql");
            instanceRequest.Tags["aurora-restore:operation-id"] = "op-abc";
            var instance = await client.CreateDbInstanceAsync(instanceRequest, None);

            var cli = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", "rds-restored")!["DBClusters"]![0]!;
            Assert.Equal((string?)cli["DBClusterArn"], cluster.DbClusterArn);
            Assert.Equal(5433, (int?)cli["Port"]);
            Assert.True((bool?)cli["IAMDatabaseAuthenticationEnabled"]);
            Assert.Equal(new[] { "sg-0123", "sg-0456" }, cli["VpcSecurityGroups"]!.AsArray().Select(g => (string?)g!["VpcSecurityGroupId"]));
            Assert.Equal("op-abc", (string?)cli["TagList"]![0]!["Value"]);
            var cliInstance = AwsCli.Json(moto, "rds", "describe-db-instances", "--db-instance-identifier", "rds-restored-1")!["DBInstances"]![0]!;
            Assert.Equal((string?)cliInstance["DBInstanceArn"], instance.DbInstanceArn);
            Assert.Equal("rds-restored", (string?)cliInstance["DBClusterIdentifier"]);
            Assert.Equal("db.r6g.large", (string?)cliInstance["DBInstanceClass"]);
            Assert.Equal("op-abc", (string?)cliInstance["TagList"]![0]!["Value"]);

            var listed = await client.DescribeDbInstancesAsync(null, "rds-restored", None);
            Assert.Equal("rds-restored-1", Assert.Single(listed).DbInstanceIdentifier);
            Assert.Equal((string?)cliInstance["Endpoint"]!["Address"], listed[0].EndpointAddress);
            Assert.Empty(await client.DescribeDbInstancesAsync("rds-no-such-instance", null, None));
        }

        [Fact]
        public async Task RestoreDbClusterToPointInTime_creates_the_cluster_the_AWS_CLI_shows()
        {
            CreateClusterWithCli("rds-pitr-src", instances: 0);
            var source = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", "rds-pitr-src")!["DBClusters"]![0]!;
            var time = DateTimeOffset.Parse((string)source["LatestRestorableTime"]!).AddSeconds(-1);
            using var client = new RdsClient(TestContexts.For(moto));
            var request = new ClusterRestoreRequest("rds-pitr-dst", "aurora-postgresql") { SourceClusterIdentifier = "rds-pitr-src", RestoreTime = time };
            request.Tags["source"] = "rds-pitr-src";
            await client.RestoreDbClusterToPointInTimeAsync(request, None);
            var latest = new ClusterRestoreRequest("rds-pitr-latest", "aurora-postgresql") { SourceClusterIdentifier = "rds-pitr-src" };
            await client.RestoreDbClusterToPointInTimeAsync(latest, None);

            var cli = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", "rds-pitr-dst")!["DBClusters"]![0]!;
            Assert.Equal("rds-pitr-src", (string?)cli["TagList"]![0]!["Value"]);
            Assert.NotNull(AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", "rds-pitr-latest")!["DBClusters"]![0]);
        }

        [Fact]
        public async Task DeleteDbInstance_and_DeleteDbCluster_with_a_final_snapshot_leave_what_the_AWS_CLI_shows()
        {
            CreateClusterWithCli("rds-delete", instances: 1);
            using var client = new RdsClient(TestContexts.For(moto));
            await client.DeleteDbInstanceAsync("rds-delete-1", None);
            await client.DeleteDbClusterAsync("rds-delete", "rds-delete-final", None);

            Assert.Throws<InvalidOperationException>(() => AwsCli.Run(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", "rds-delete"));
            Assert.Throws<InvalidOperationException>(() => AwsCli.Run(moto, "rds", "describe-db-instances", "--db-instance-identifier", "rds-delete-1"));
            var final = AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "rds-delete-final")!["DBClusterSnapshots"]![0]!;
            Assert.Equal("rds-delete", (string?)final["DBClusterIdentifier"]);
        }

        [Fact]
        public async Task AddTagsToResource_and_ListTagsForResource_match_the_AWS_CLI()
        {
            CreateClusterWithCli("rds-tags", instances: 0);
            using var client = new RdsClient(TestContexts.For(moto));
            var arn = (await client.DescribeDbClusterAsync("rds-tags", None))!.DbClusterArn;
            await client.AddTagsToResourceAsync(arn, new Dictionary<string, string> { ["a"] = "1", ["b"] = "two words" }, None);
            var ours = await client.ListTagsForResourceAsync(arn, None);

            var cli = AwsCli.Json(moto, "rds", "list-tags-for-resource", "--resource-name", arn)!["TagList"]!.AsArray()
                .ToDictionary(t => (string)t!["Key"]!, t => (string)t!["Value"]!);
            Assert.Equal("two words", cli["b"]);
            Assert.Equal(cli.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));
        }

        [Fact]
        public async Task A_service_error_keeps_its_RDS_code()
        {
            using var client = new RdsClient(TestContexts.For(moto));
            var request = new ClusterRestoreRequest("rds-error", "aurora-postgresql") { SnapshotIdentifier = "rds-no-such-snapshot" };
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.RestoreDbClusterFromSnapshotAsync(request, None));
            Assert.Equal("DBClusterSnapshotNotFoundFault", error.ErrorCode);
        }

        [Fact]
        public void The_pre_signed_URL_for_a_cross_region_copy_is_what_botocore_signs()
        {
            var time = new DateTimeOffset(2026, 11, 25, 16, 27, 59, TimeSpan.Zero);
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("Action", "CopyDBClusterSnapshot"),
                new("Version", "2014-10-31"),
                new("SourceDBClusterSnapshotIdentifier", "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:src-2026-11-24"),
                new("TargetDBClusterSnapshotIdentifier", "copy-1"),
                new("DestinationRegion", "us-west-2"),
                new("KmsKeyId", "arn:aws:kms:us-west-2:123456789012:key/k 1"),
            };
            var ours = RdsPresignedUrl.Create(parameters, new Uri("https://rds.us-east-1.amazonaws.com/"), "us-east-1", new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), time);

            var script = string.Join("\n",
                "import botocore.session, datetime, sys",
                "from unittest import mock",
                "s = botocore.session.get_session()",
                "c = s.create_client('rds', region_name='us-west-2', aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')",
                "class Seen(Exception): pass",
                "def grab(params, **kw):",
                "    raise Seen(params['body']['PreSignedUrl'])",
                "c.meta.events.register_last('before-call.rds.CopyDBClusterSnapshot', grab)",
                "try:",
                "    with mock.patch('botocore.auth.get_current_datetime', return_value=datetime.datetime(2026, 11, 25, 16, 27, 59)):",
                "        c.copy_db_cluster_snapshot(SourceDBClusterSnapshotIdentifier='arn:aws:rds:us-east-1:123456789012:cluster-snapshot:src-2026-11-24', TargetDBClusterSnapshotIdentifier='copy-1', KmsKeyId='arn:aws:kms:us-west-2:123456789012:key/k 1', SourceRegion='us-east-1')",
                "except Seen as seen:",
                "    print(seen.args[0])");
            var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-");
            using var python = Process.Start(start)!;
            python.StandardInput.Write(script);
            python.StandardInput.Close();
            var botocore = python.StandardOutput.ReadToEnd().Trim();
            var stderr = python.StandardError.ReadToEnd();
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, stderr);

            Assert.Equal(QueryOf(botocore), QueryOf(ours));
            Assert.Equal(new Uri(botocore).GetLeftPart(UriPartial.Path), new Uri(ours).GetLeftPart(UriPartial.Path));
        }

        private static SortedDictionary<string, string> QueryOf(string url)
        {
            var query = new Uri(url).Query.TrimStart('?');
            return new SortedDictionary<string, string>(
                query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1])),
                StringComparer.Ordinal);
        }

        private void CreateClusterWithCli(string id, int instances)
        {
            AwsCli.Run(moto, "rds", "create-db-cluster", "--db-cluster-identifier", id, "--engine", "aurora-postgresql",
                "--master-username", "pgadmin", "--master-user-password", "not-a-real-secret-1", "--storage-encrypted");
            for (var i = 1; i <= instances; i++)
            {
                AwsCli.Run(moto, "rds", "create-db-instance", "--db-instance-identifier", $"{id}-{i}", "--db-cluster-identifier", id,
                    "--engine", "aurora-postgresql", "--db-instance-class", "db.r6g.large");
            }
        }
    }
}
