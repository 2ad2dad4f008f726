using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Migrations;
using AuroraRestore.Rollbacks;
using AuroraRestore.State;
using AuroraRestore.Tests.Migrations;
using AuroraRestore.Tests.Rollbacks;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Upgrades;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;
using Xunit.Abstractions;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// Upgrade, backup and migration at a 15% fault rate (throttling, 5xx, dropped connections before and after moto
    /// applied the request, slow answers, partial batches): each completes, loses nothing (checksums and boto3
    /// snapshots against the same work done without faults) and reports retries that account for the faults.
    /// One representative run each; the Soak trait runs bigger tables and more seeds.
    /// </summary>
    public sealed class FaultToleranceTests : IClassFixture<MotoServer>
    {
        public const double FaultRate = 0.15;
        private readonly MotoServer moto;
        private readonly ITestOutputHelper output;

        public FaultToleranceTests(MotoServer moto, ITestOutputHelper output)
        {
            this.moto = moto;
            this.output = output;
        }

        [Fact]
        public Task An_upgrade_from_1_0_to_3_0_completes_at_15_percent_faults_identical_to_a_clean_run() => UpgradeAsync("fu", 12, 1501);

        [Theory]
        [Trait("Category", "Soak")]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public Task Soak_upgrades_at_15_percent_faults_with_more_items_and_seeds(int seed) => UpgradeAsync("su" + seed, 200, 1500 + seed);

        [Fact]
        public Task A_rollback_of_a_1_0_to_3_0_upgrade_completes_at_15_percent_faults_back_to_the_clean_1_0_pipeline() => RollbackAsync("fr", 6, 5501);

        [Theory]
        [Trait("Category", "Soak")]
        [InlineData(2)]
        [InlineData(3)]
        public Task Soak_rollbacks_at_15_percent_faults_with_more_items(int seed) => RollbackAsync("sr" + seed, 150, 5500 + seed);

        [Fact]
        public Task An_install_completes_at_15_percent_faults_identical_to_a_clean_install() => InstallAsync("fi", 4602);

        [Theory]
        [Trait("Category", "Soak")]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        public Task Soak_installs_at_15_percent_faults(int seed) => InstallAsync("si" + seed, 4600 + seed);

        [Fact]
        public Task A_backup_is_taken_verified_and_restored_at_15_percent_faults_losing_nothing() => BackupAsync("fb", 40, 2501);

        [Theory]
        [Trait("Category", "Soak")]
        [InlineData(2)]
        [InlineData(3)]
        public Task Soak_backups_at_15_percent_faults_with_more_items(int seed) => BackupAsync("sb" + seed, 600, 2500 + seed);

        [Fact]
        public Task A_migration_1_to_3_and_back_completes_at_15_percent_faults_with_the_checksums_of_a_clean_run() => MigrationAsync("fm", 300, 3501);

        [Theory]
        [Trait("Category", "Soak")]
        [InlineData(2)]
        [InlineData(3)]
        public Task Soak_migrations_at_15_percent_faults_on_bigger_tables(int seed) => MigrationAsync("sm" + seed, 3000, 3500 + seed);

        private async Task UpgradeAsync(string name, int items, int seed)
        {
            using var bed = new UpgradeTestBed(moto);
            var reference = await bed.InstallAsync(name + "ref", "1.0.0", items, seed);
            var faulted = await bed.InstallAsync(name + "flt", "1.0.0", items, seed);
            var functions = PipelineVersionCatalog.Default.Get("3.0.0").Functions;
            using (var services = bed.Services())
            {
                var clean = await new UpgradeEngine(services, UpgradeTestBed.Options("test@clean 1")).RunAsync(bed.Request(reference, "3.0.0"), null, CancellationToken.None);
                Assert.Equal(UpgradeResult.CompletedStatus, clean.Status);
            }

            using var run = new FaultRun(moto, FaultRate, seed);
            UpgradeResult result;
            using (var services = run.UpgradeServices())
            {
                result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@faults 1")).RunAsync(bed.Request(faulted, "3.0.0"), null, CancellationToken.None);
            }

            output.WriteLine($"upgrade {name}: {run.Proxy.Summary()}; {run.Retry.Retries} retries reported; {result.Duration.TotalSeconds:0.0} s");
            Assert.Equal(UpgradeResult.CompletedStatus, result.Status);
            Assert.False(result.Resumed);
            Assert.Equal(
                FaultRun.Normalized(EnvironmentSnapshot.Take(moto, reference, functions), reference),
                FaultRun.Normalized(EnvironmentSnapshot.Take(moto, faulted, functions), faulted));
            Assert.Null(bed.ControlRecord(faulted, "lock", "upgrade"));
            Assert.Null(bed.ControlRecord(faulted, "freeze", "intake"));
            Assert.All(result.Tables, t => Assert.Equal(t.ItemsBefore, t.ItemsAfter));
            Assert.True(run.Proxy.Count(FaultKind.Throttle) > 0 && run.Proxy.Count(FaultKind.ServerError) > 0, run.Proxy.Summary());
            run.AssertRetriesAccountForFaults();
        }

        private async Task RollbackAsync(string name, int items, int seed)
        {
            using var bed = new RollbackTestBed(moto);
            var env = await bed.InstallAsync(name, "1.0.0", items, seed);
            var before = bed.Observe(env);
            Assert.Equal(UpgradeResult.CompletedStatus, (await bed.UpgradeAsync(env, "3.0.0")).Status);
            var created = await bed.CreateRestoresAsync(env, "3.0.0", 2);

            using var run = new FaultRun(moto, FaultRate, seed);
            RollbackResult result;
            using (var services = run.UpgradeServices())
            {
                var engine = new RollbackEngine(services, new PipelineRollbackVerifier(run.Aws, run.Log), RollbackTestBed.Options("test@faults 1"));
                result = await engine.RunAsync(new RollbackRequest(env), null, CancellationToken.None);
            }

            output.WriteLine($"rollback {name}: {run.Proxy.Summary()}; {run.Retry.Retries} retries reported");
            var after = bed.Observe(env);
            Assert.Equal(RollbackResult.CompletedStatus, result.Status);
            Assert.True(result.Verified);
            Assert.Equal(before.Shape, after.Shape);
            RollbackTestBed.AssertItems(before, after, env, created, format: 1);
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
            Assert.Null(bed.ControlItem(env, "freeze", "intake"));
            Assert.True(run.Proxy.Faults.Count > 0, run.Proxy.Summary());
            run.AssertRetriesAccountForFaults();
        }

        private async Task InstallAsync(string name, int seed)
        {
            using var bed = new UpgradeTestBed(moto);
            var reference = await bed.InstallAsync(name + "ref", "2.0.0", items: 0);
            var functions = PipelineVersionCatalog.Default.Get("2.0.0").Functions;
            using var run = new FaultRun(moto, FaultRate, seed);
            var faulted = Pipelines.PipelineEnvironment.Named(name + "flt");
            await new Pipelines.PipelineInstaller(run.Aws, run.Log).InstallAsync(new Pipelines.InstallRequest(faulted, "2.0.0", bed.Package("2.0.0"), UpgradeTestBed.Configuration), CancellationToken.None);

            output.WriteLine($"install {name}: {run.Proxy.Summary()}; {run.Retry.Retries} retries reported");
            Assert.Equal(
                FaultRun.Normalized(EnvironmentSnapshot.Take(moto, reference, functions), reference),
                FaultRun.Normalized(EnvironmentSnapshot.Take(moto, faulted, functions), faulted));
            run.AssertRetriesAccountForFaults();
        }

        private async Task BackupAsync(string name, int items, int seed)
        {
            using var bed = new UpgradeTestBed(moto);
            var env = await bed.InstallAsync(name, "2.0.0", items, seed);
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var original = new Dictionary<string, TableChecksum>
            {
                [env.StateTableName] = TableChecksum.Of(await ScanAsync(db, env.StateTableName)),
                [env.AuditTableName] = TableChecksum.Of(await ScanAsync(db, env.AuditTableName)),
            };

            using var run = new FaultRun(moto, FaultRate, seed);
            var service = new BackupService(run.Aws, run.Log);
            var location = BackupLocation.S3(name + "-backups");
            AwsCli.Run(moto, "s3api", "create-bucket", "--bucket", name + "-backups");
            var backup = await service.CreateAsync(env, name + "-set", location, CancellationToken.None);
            var verification = await service.VerifyAsync(backup, CancellationToken.None);

            // The set holds the tables as they were; then the tables change and are restored from it, still through the proxy.
            Assert.All(backup.Tables, t => Assert.Equal(original[t.TableName].ToString(), t.Checksum));
            Assert.True(verification.Passed, string.Join("; ", verification.Checks.Where(c => !c.Passed).Select(c => c.Target + ": " + c.Detail)));
            var strays = new ItemGenerator(seed + 1);
            CliItems.SeedWithSdk(moto, env.StateTableName, Enumerable.Range(0, 5).Select(_ => strays.StateV2()).ToList());
            var restored = await service.RestoreTablesAsync(await service.OpenAsync(env, name + "-set", location, CancellationToken.None), null, CancellationToken.None);

            output.WriteLine($"backup {name}: {run.Proxy.Summary()}; {run.Retry.Retries} retries reported");
            Assert.Equal(original[env.StateTableName], TableChecksum.Of(await ScanAsync(db, env.StateTableName)));
            Assert.Equal(original[env.AuditTableName], TableChecksum.Of(await ScanAsync(db, env.AuditTableName)));
            Assert.NotNull(restored);
            Assert.True(run.Proxy.Faults.Count > 0, run.Proxy.Summary());
            run.AssertRetriesAccountForFaults();
        }

        private static async Task<List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>> ScanAsync(Amazon.DynamoDBv2.IAmazonDynamoDB db, string table)
        {
            var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>();
            Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? start = null;
            do
            {
                var page = await db.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = start });
                items.AddRange(page.Items);
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return items;
        }

        private async Task MigrationAsync(string name, int items, int seed)
        {
            var generator = new ItemGenerator(seed);
            var seedItems = Enumerable.Range(0, items).Select(_ => generator.StateV1()).ToList();
            foreach (var table in new[] { name + "-clean", name + "-faulted" })
            {
                CliItems.CreateTable(moto, table);
                CliItems.SeedWithSdk(moto, table, seedItems);
            }

            using var db = TestContexts.For(moto).CreateDynamoDb();
            await ControlTable.EnsureExistsAsync(db, name + "-control-clean", CancellationToken.None);
            var cleanRunner = new MigrationRunner(db, new ControlTable(db, name + "-control-clean"), NullOperationLog.Instance);
            var cleanUp = await cleanRunner.RunAsync(name + "-clean", Edge("1.0.0", "3.0.0"), new MigrationRunnerOptions(), CancellationToken.None);

            using var run = new FaultRun(moto, FaultRate, seed);
            await ControlTable.EnsureExistsAsync(db, name + "-control", CancellationToken.None);
            var runner = new MigrationRunner(run.Aws.DynamoDb, new ControlTable(run.Aws.DynamoDb, name + "-control"), run.Log);
            var options = new MigrationRunnerOptions { TotalSegments = 4 };
            var up = await runner.RunAsync(name + "-faulted", Edge("1.0.0", "3.0.0"), options, CancellationToken.None);

            Assert.True(up.Completed);
            // An item whose write answer was lost is found already migrated when read again: changed or skipped, never lost.
            Assert.Equal((items, items, 0), (up.ItemsRead, up.ItemsChanged + up.ItemsSkipped, up.ItemsFailed));
            Assert.Equal(cleanUp.ChecksumAfter, up.ChecksumAfter);
            Assert.Equal(TableChecksum.Of(await ScanAsync(db, name + "-clean")), TableChecksum.Of(await ScanAsync(db, name + "-faulted")));

            var down = await runner.RunAsync(name + "-faulted", Edge("3.0.0", "1.0.0"), new MigrationRunnerOptions { TotalSegments = 4 }, CancellationToken.None);
            output.WriteLine($"migration {name}: {run.Proxy.Summary()}; {run.Retry.Retries} request retries and {up.WriteRetries + down.WriteRetries} unprocessed-item retries reported");
            Assert.True(down.Completed);
            Assert.Equal(cleanUp.ChecksumBefore, down.ChecksumAfter);
            Assert.Equal(cleanUp.ChecksumBefore, TableChecksum.Of(CliItems.Scan(moto, name + "-faulted")).ToString());
            Assert.True(run.Proxy.Count(FaultKind.PartialBatch) == 0 || up.WriteRetries + down.WriteRetries > 0, run.Proxy.Summary());
            run.AssertRetriesAccountForFaults();
        }

        private static ItemMigration Edge(string from, string to) => new ItemMigration(MigrationCatalog.Default.PathBetween(from, to), MigrationTable.State, false);
    }
}
