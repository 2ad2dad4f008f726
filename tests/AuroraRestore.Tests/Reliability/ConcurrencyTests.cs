using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Migrations;
using AuroraRestore.State;
using AuroraRestore.Tests.Migrations;
using AuroraRestore.Tests.Restores;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// Restores that the restore engine runs while a state migration is under way: afterwards every item is in the
    /// target format, the restores' records are complete and readable, and the items that were there before are exactly
    /// what an undisturbed migration makes of them. (Two upgrades started together: tests/pester/Reliability.Tests.ps1,
    /// with real processes.)
    /// </summary>
    public sealed class ConcurrencyTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public ConcurrencyTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task Restores_started_during_a_migration_end_in_the_new_format_and_intact()
        {
            var world = new RestoreWorld(moto, null, "cmig", "1.0.0", setupDbUsers: false);
            var generator = new ItemGenerator(4242);
            var seeded = Enumerable.Range(0, 300).Select(_ => Settled(generator.StateV1())).ToList();
            CliItems.CreateTable(moto, "cmig-reference");
            CliItems.SeedWithSdk(moto, "cmig-reference", seeded);
            CliItems.SeedWithSdk(moto, world.Environment.StateTableName, seeded);
            using var db = TestContexts.For(moto).CreateDynamoDb();
            await ControlTable.EnsureExistsAsync(db, world.Environment.ControlTableName, CancellationToken.None);
            var runner = new MigrationRunner(db, new ControlTable(db, world.Environment.ControlTableName), NullOperationLog.Instance);
            var edge = new ItemMigration(MigrationCatalog.Default.PathBetween("1.0.0", "2.0.0"), MigrationTable.State, false);

            // Paced so that it is still running while the restores write their records.
            var migration = runner.RunAsync(world.Environment.StateTableName, edge, new MigrationRunnerOptions { TotalSegments = 4, MaxWriteRate = 120 }, CancellationToken.None);
            var restores = new List<OperationRecord>();
            var overlapped = 0;
            using (var services = world.Services())
            {
                for (var i = 0; i < 2; i++)
                {
                    overlapped += migration.IsCompleted ? 0 : 1;
                    var request = world.LocalRequest();
                    request.TargetClusterIdentifier = $"cmig-dst-{i}";
                    restores.Add(await world.RunLocalAsync(request, services));
                }
            }

            var first = await migration;
            // Records a restore wrote behind the migration's scan are still in the old format: the second run (what
            // Invoke-RestoreStateMigration and the upgrade do when resumed or re-run) takes them; it never loses one.
            var second = await runner.RunAsync(world.Environment.StateTableName, edge, new MigrationRunnerOptions { TotalSegments = 4 }, CancellationToken.None);
            await new MigrationRunner(db, null, NullOperationLog.Instance).RunAsync("cmig-reference", edge, new MigrationRunnerOptions(), CancellationToken.None);

            Assert.True(overlapped > 0, "the restores should have started while the migration was running");
            Assert.True(first.Completed && second.Completed);
            Assert.Equal(0, first.ItemsFailed + second.ItemsFailed);
            var items = CliItems.Scan(moto, world.Environment.StateTableName);
            Assert.Equal(seeded.Count + restores.Count, items.Count);
            Assert.All(items, item => Assert.Equal("2", item["format_version"].N));

            var restoreIds = restores.Select(r => r.OperationId).ToHashSet();
            Assert.All(restores, r => Assert.Equal(OperationStatus.Completed, r.Status));
            foreach (var record in items.Where(i => restoreIds.Contains(i["operation_id"].S)))
            {
                Assert.Equal("completed", record["status"].S);
                Assert.True(record["completed"].BOOL);
                Assert.Equal(world.SnapshotName, record["state"].M["snapshot_name"].S);
            }

            var before = TableChecksum.Of((await db.ScanAsync(new ScanRequest { TableName = "cmig-reference", ConsistentRead = true })).Items);
            Assert.Equal(before, TableChecksum.Of(items.Where(i => !restoreIds.Contains(i["operation_id"].S)).ToList()));
        }

        private static Dictionary<string, AttributeValue> Settled(Dictionary<string, AttributeValue> item)
        {
            item["completed"] = new AttributeValue { BOOL = true };
            return item;
        }
    }
}
