using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Migrations;
using AuroraRestore.State;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Bench
{
    /// <summary>
    /// The upgrade benchmark's baseline (bench/UpgradeBench: the migration guide's per-item state migration, in python)
    /// must do the module's work, or its timings compare nothing: its items after 1.0 -> 2.0 -> 3.0 must be the module's
    /// MigrationCatalog path applied to the same seeded items. Cheap enough to keep the bench's scripts from rotting.
    /// </summary>
    public sealed class UpgradeBaselineTests : IClassFixture<MotoServer>
    {
        private const string StateTable = "BaselineState";
        private const string AuditTable = "BaselineAudit";

        private readonly MotoServer moto;

        public UpgradeBaselineTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task The_guides_per_item_migration_leaves_exactly_the_items_the_module_migrates_to()
        {
            using var db = TestContexts.For(moto).CreateDynamoDb();
            await CreateTableAsync(db, StateTable, "operation_id", null);
            await CreateTableAsync(db, AuditTable, "operation_id", "timestamp");
            var scripts = Path.Combine(RepositoryRoot(), "bench", "UpgradeBench");
            Python(Path.Combine(scripts, "seed_items.py"), new[] { moto.Endpoint, StateTable, AuditTable, "40" });
            var state = await ScanAsync(db, StateTable);
            var audit = await ScanAsync(db, AuditTable);
            Assert.Equal(40, state.Count);
            Assert.Equal(40, audit.Count);
            Assert.All(state.Concat(audit), item => Assert.False(item.ContainsKey("format_version")));
            Assert.Contains(state, item => item.ContainsKey("error"));

            Python(Path.Combine(scripts, "migrate_state.py"), new[] { moto.Endpoint, StateTable, AuditTable, "1-2" }, new[] { moto.Endpoint, StateTable, AuditTable, "2-3" });

            var path = MigrationCatalog.Default.PathBetween("1.0.0", "3.0.0");
            AssertMigratedLikeTheModule(state, await ScanAsync(db, StateTable), new ItemMigration(path, MigrationTable.State), "operation_id");
            AssertMigratedLikeTheModule(audit, await ScanAsync(db, AuditTable), new ItemMigration(path, MigrationTable.Audit), "operation_id", "timestamp");
        }

        private static void AssertMigratedLikeTheModule(List<Dictionary<string, AttributeValue>> before, List<Dictionary<string, AttributeValue>> after, ItemMigration migration, params string[] key)
        {
            string KeyOf(IReadOnlyDictionary<string, AttributeValue> item) => string.Join("|", key.Select(k => item[k].S));
            var migrated = after.ToDictionary(KeyOf);
            Assert.Equal(before.Count, migrated.Count);
            foreach (var item in before)
            {
                var expected = migration.Transform(item).Item ?? throw new InvalidOperationException($"{migration.Name} left {KeyOf(item)} unchanged");
                var actual = migrated[KeyOf(item)];
                Assert.True(
                    CanonicalItemEncoder.AreEqual(expected, actual),
                    $"{migration.Name}, {KeyOf(item)}:\n module {Show(expected)}\n script {Show(actual)}");
            }
        }

        private static string Show(Dictionary<string, AttributeValue> item)
            => System.Text.Encoding.UTF8.GetString(CanonicalItemEncoder.Encode(item));

        private static async Task CreateTableAsync(IAmazonDynamoDB db, string table, string hash, string? range)
        {
            var request = new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition(hash, ScalarAttributeType.S) },
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement(hash, KeyType.HASH) },
            };
            if (range != null)
            {
                request.AttributeDefinitions.Add(new AttributeDefinition(range, ScalarAttributeType.S));
                request.KeySchema.Add(new KeySchemaElement(range, KeyType.RANGE));
            }

            await db.CreateTableAsync(request);
        }

        private static async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(IAmazonDynamoDB db, string table)
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var page = await db.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = startKey });
                items.AddRange(page.Items);
                startKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (startKey != null);
            return items;
        }

        /// <summary>Runs a script as its command line would, once per argument list, in one python process (boto3 takes a while to import).</summary>
        private static void Python(string script, params string[][] runs)
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-");
            start.Environment.Remove("AWS_PROFILE");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            var driver = "import json, runpy, sys\n"
                + $"sys.path.insert(0, {JsonSerializer.Serialize(Path.GetDirectoryName(script))})\n"
                + $"for arguments in {JsonSerializer.Serialize(runs)}:\n"
                + $"    sys.argv = [{JsonSerializer.Serialize(script)}] + arguments\n"
                + $"    runpy.run_path({JsonSerializer.Serialize(script)}, run_name='__main__')\n";
            process.StandardInput.Write(driver);
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{Path.GetFileName(script)} exited with {process.ExitCode}: {stderr.Result}");
        }

        /// <summary>The checkout's root folder (the one holding AuroraRestore.sln), found upwards from the test assembly.</summary>
        internal static string RepositoryRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "AuroraRestore.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("AuroraRestore.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
