using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Restores
{
    /// <summary>
    /// -Local restores end to end against moto and a local PostgreSQL: what they create is checked with the AWS CLI,
    /// the records in each pipeline version's format, the SNS message through SQS, the database users with psql.
    /// </summary>
    public sealed class LocalRestoreTests : IClassFixture<MotoServer>, IClassFixture<PostgresServer>
    {
        private readonly MotoServer moto;
        private readonly PostgresServer postgres;

        public LocalRestoreTests(MotoServer moto, PostgresServer postgres)
        {
            this.moto = moto;
            this.postgres = postgres;
        }

        [Fact]
        public async Task A_same_region_restore_on_pipeline_1_0_creates_the_tagged_cluster_users_and_v1_records()
        {
            var world = new RestoreWorld(moto, postgres, "same-v1", "1.0.0");
            using var services = world.Services();
            var request = world.LocalRequest();
            request.Tags["team"] = "data";
            var record = await world.RunLocalAsync(request, services);

            Assert.Equal(OperationStatus.Completed, record.Status);
            var cluster = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", world.Target)!["DBClusters"]![0]!;
            var tags = cluster["TagList"]!.AsArray().ToDictionary(t => (string)t!["Key"]!, t => (string)t!["Value"]!);
            Assert.Equal(record.OperationId, tags["aurora-restore:operation-id"]);
            Assert.Equal(world.Source, tags["aurora-restore:source-cluster"]);
            Assert.Equal("arn:aws:iam::123456789012:user/tester", tags["aurora-restore:requested-by"]);
            Assert.Equal("data", tags["team"]);
            Assert.True((bool)cluster["IAMDatabaseAuthenticationEnabled"]!);
            Assert.Equal(new[] { "sg-0aa11", "sg-0bb22" }, cluster["VpcSecurityGroups"]!.AsArray().Select(g => (string)g!["VpcSecurityGroupId"]!));
            var instances = AwsCli.Json(moto, "rds", "describe-db-instances", "--filters", $"Name=db-cluster-id,Values={world.Target}")!["DBInstances"]!.AsArray();
            Assert.Equal(2, instances.Count);
            Assert.All(instances, i => Assert.Contains(i!["TagList"]!.AsArray(), t => (string)t!["Value"]! == record.OperationId));

            var item = world.StateItem(record.OperationId);
            Assert.False(item.ContainsKey("format_version"));
            Assert.Equal("completed", (string)item["status"]!["S"]!);
            Assert.True((bool)item["completed"]!["BOOL"]!);
            Assert.Equal(world.SnapshotName, (string)item["state"]!["M"]!["snapshot_name"]!["S"]!);
            var audit = world.AuditItems(record.OperationId);
            Assert.All(audit, a => Assert.False(a!.AsObject().ContainsKey("format_version")));
            Assert.Contains(audit, a => (string)a!["step"]!["S"]! == "restore-snapshot" && (string)a!["status"]!["S"]! == "succeeded");
            Assert.Contains(audit, a => (string)a!["step"]!["S"]! == "copy-snapshot" && (string)a!["status"]!["S"]! == "skipped");

            var notification = Assert.Single(world.Notifications());
            var body = JsonNode.Parse((string)notification["Message"]!)!.AsObject();
            Assert.Equal(new[] { "details", "message", "operation_id", "status", "timestamp" }, body.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("success", (string)body["status"]!);
            Assert.Equal("1", (string)notification["MessageAttributes"]!["format_version"]!["Value"]!);

            Assert.Equal("1", postgres.Psql($"SELECT count(*) FROM pg_roles WHERE rolname = '{world.AppUser}' AND rolcanlogin"));
            Assert.Equal("t", postgres.Psql($"SELECT has_database_privilege('{world.AppUser}', 'postgres', 'CONNECT')"));
        }

        [Fact]
        public async Task A_cross_region_replacing_restore_on_pipeline_2_0_copies_replaces_archives_and_writes_v2()
        {
            var world = new RestoreWorld(moto, postgres, "cross-v2", "2.0.0", "us-east-1", "us-west-2");
            AwsCli.Run(moto, "rds", "create-db-cluster", "--region", "us-west-2", "--db-cluster-identifier", world.Target, "--engine", "aurora-postgresql", "--master-username", "old", "--master-user-password", "old-password-1");
            // moto keeps a deleted cluster's automated snapshot (AWS deletes it), and names the restored cluster's one the same within
            // a minute: remove it so the replacement does not collide with a moto-only leftover.
            foreach (var automated in AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--region", "us-west-2", "--db-cluster-identifier", world.Target)!["DBClusterSnapshots"]!.AsArray())
            {
                AwsCli.Run(moto, "rds", "delete-db-cluster-snapshot", "--region", "us-west-2", "--db-cluster-snapshot-identifier", (string)automated!["DBClusterSnapshotIdentifier"]!);
            }

            AwsCli.Run(moto, "rds", "create-db-instance", "--region", "us-west-2", "--db-instance-identifier", "old-writer", "--db-cluster-identifier", world.Target, "--engine", "aurora-postgresql", "--db-instance-class", "db.r6g.large");
            using var services = world.Services();
            var request = world.LocalRequest();
            request.ReplaceTarget = true;
            request.FinalSnapshot = true;
            var record = await world.RunLocalAsync(request, services);

            Assert.True(OperationStatus.Completed == record.Status, record.Error?.Message);
            var cluster = AwsCli.Json(moto, "rds", "describe-db-clusters", "--region", "us-west-2", "--db-cluster-identifier", world.Target)!["DBClusters"]![0]!;
            Assert.Contains(cluster["TagList"]!.AsArray(), t => (string)t!["Value"]! == record.OperationId);
            Assert.Throws<InvalidOperationException>(() => AwsCli.Run(moto, "rds", "describe-db-instances", "--region", "us-west-2", "--db-instance-identifier", "old-writer"));
            var final = AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--region", "us-west-2", "--db-cluster-snapshot-identifier", record.DataString("final_snapshot_name")!)!["DBClusterSnapshots"]![0]!;
            Assert.Equal(world.Target, (string)final["DBClusterIdentifier"]!);
            var copy = record.DataString("target_snapshot_name")!;
            var left = AwsCli.Json(moto, "rds", "describe-db-cluster-snapshots", "--region", "us-west-2", "--snapshot-type", "manual")!["DBClusterSnapshots"]!.AsArray();
            Assert.DoesNotContain(left, s => (string)s!["DBClusterSnapshotIdentifier"]! == copy);
            Assert.Contains(world.AuditItems(record.OperationId), a => (string)a!["step"]!["S"]! == "copy-snapshot" && (string)a!["status"]!["S"]! == "succeeded");

            var item = world.StateItem(record.OperationId);
            Assert.Equal("2", (string)item["format_version"]!["N"]!);
            Assert.Equal((string)item["timestamp"]!["S"]!, (string)item["updated_at"]!["S"]!);
            Assert.Equal("arn:aws:iam::123456789012:user/tester", (string)item["requested_by"]!["S"]!);
            Assert.All(world.AuditItems(record.OperationId), a => Assert.Equal("2", (string)a!["format_version"]!["N"]!));
            var body = JsonNode.Parse((string)Assert.Single(world.Notifications())["Message"]!)!.AsObject();
            Assert.False(body.ContainsKey("format_version"));
            Assert.Equal("us-west-2", (string)body["details"]!["target_region"]!);
            Assert.Equal("1", postgres.Psql($"SELECT count(*) FROM pg_roles WHERE rolname = '{world.AppUser}'"));
        }

        [Fact]
        public async Task A_point_in_time_restore_on_pipeline_3_0_writes_v3_records_metrics_and_message()
        {
            var world = new RestoreWorld(moto, postgres, "pitr-v3", "3.0.0", setupDbUsers: false);
            var source = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", world.Source)!["DBClusters"]![0]!;
            var time = DateTimeOffset.Parse((string)source["EarliestRestorableTime"]!).AddMilliseconds(500);
            await Task.Delay(1000);
            using var services = world.Services();
            var request = world.LocalRequest();
            request.RestoreTime = time;
            var record = await world.RunLocalAsync(request, services);

            Assert.Equal(OperationStatus.Completed, record.Status);
            var cluster = AwsCli.Json(moto, "rds", "describe-db-clusters", "--db-cluster-identifier", world.Target)!["DBClusters"]![0]!;
            Assert.Contains(cluster["TagList"]!.AsArray(), t => (string)t!["Key"]! == "aurora-restore:restore-time");
            var item = world.StateItem(record.OperationId);
            Assert.Equal("3", (string)item["format_version"]!["N"]!);
            Assert.Equal("3.0.0", (string)item["pipeline_version"]!["S"]!);
            Assert.Contains(item["step_history"]!["L"]!.AsArray(), s => (string)s!["M"]!["step"]!["S"]! == "setup-db-users" && (string)s!["M"]!["status"]!["S"]! == "skipped");
            Assert.True(item.ContainsKey("duration_ms"));
            Assert.All(world.AuditItems(record.OperationId), a => Assert.Equal("3.0.0", (string)a!["pipeline_version"]!["S"]!));

            var notification = Assert.Single(world.Notifications());
            Assert.Equal("3", (string)notification["MessageAttributes"]!["format_version"]!["Value"]!);
            var body = JsonNode.Parse((string)notification["Message"]!)!.AsObject();
            Assert.Equal(3, (int)body["format_version"]!);
            Assert.Equal(world.Target, (string)body["target"]!["cluster_identifier"]!);
            Assert.Contains(body["steps"]!.AsArray(), s => (string)s!["step"]! == "restore-snapshot");
            var metrics = AwsCli.Json(moto, "cloudwatch", "list-metrics", "--namespace", "AuroraRestore")!["Metrics"]!.AsArray();
            Assert.Contains(metrics, m => (string)m!["MetricName"]! == "StepDuration");
            Assert.Contains(metrics, m => (string)m!["MetricName"]! == "StepSuccess" && m!["Dimensions"]!.AsArray().Any(d => (string)d!["Value"]! == "check-restore-status"));
        }

        [Fact]
        public async Task A_run_killed_mid_way_is_finished_by_a_second_run_without_creating_anything_twice()
        {
            var world = new RestoreWorld(moto, postgres, "resume-v2", "2.0.0");
            using var kill = new CancellationTokenSource();
            using var first = world.Services(rds: region => new KillAfterRestore(new AuroraRestore.Aws.Rds.RdsClient(TestContexts.For(moto, region)), kill));
            var engine = world.Engine(first);
            var request = world.LocalRequest();
            var settings = await engine.ValidateAsync(request, world.SourceRegion, CancellationToken.None);
            var started = await engine.StartAsync(request, settings, CancellationToken.None);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.DriveAsync(started.OperationId, null, kill.Token));
            var interrupted = world.StateItem(started.OperationId);
            Assert.Equal("in_progress", (string)interrupted["status"]!["S"]!);
            Assert.Equal("restore-snapshot", (string)interrupted["state"]!["M"]!["step"]!["S"]!);

            using var second = world.Services();
            var record = await world.Engine(second).FollowAsync(started.OperationId, TimeSpan.FromMinutes(2), CancellationToken.None);

            Assert.Equal(OperationStatus.Completed, record.Status);
            var clusters = AwsCli.Json(moto, "rds", "describe-db-clusters")!["DBClusters"]!.AsArray();
            Assert.Single(clusters, c => (string)c!["DBClusterIdentifier"]! == world.Target);
            Assert.Equal(2, AwsCli.Json(moto, "rds", "describe-db-instances", "--filters", $"Name=db-cluster-id,Values={world.Target}")!["DBInstances"]!.AsArray().Count);
            var item = world.StateItem(started.OperationId);
            Assert.Equal("1", (string)item["retry_count"]!["N"]!);
            Assert.Contains(world.AuditItems(started.OperationId), a => (string)a!["step"]!["S"]! == "restore-snapshot" && (string)a!["status"]!["S"]! == "retrying");
            Assert.Single(world.Notifications());
        }

        /// <summary>Lets the cluster restore happen, then "kills" the host before the step records that it did.</summary>
        private sealed class KillAfterRestore : RdsDecorator
        {
            private readonly CancellationTokenSource kill;

            public KillAfterRestore(AuroraRestore.Aws.Rds.IRdsClient inner, CancellationTokenSource kill)
                : base(inner)
            {
                this.kill = kill;
            }

            public override async Task<AuroraRestore.Aws.Rds.DbCluster> RestoreDbClusterFromSnapshotAsync(AuroraRestore.Aws.Rds.ClusterRestoreRequest request, CancellationToken cancellationToken)
            {
                var cluster = await base.RestoreDbClusterFromSnapshotAsync(request, cancellationToken);
                kill.Cancel();
                return cluster;
            }
        }
    }
}
