using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Pipelines;
using AuroraRestore.Restores;
using AuroraRestore.Rollbacks;
using AuroraRestore.State;
using AuroraRestore.Tests.Migrations;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Upgrades;
using AuroraRestore.Upgrades;
using AuroraRestore.Verification;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Rollbacks
{
    /// <summary>
    /// The upgrade test bed plus what rollback tests need: the rollback engine on the same real clients, restores created
    /// the way the pipeline writes them (OperationStore, in the deployed version's formats), and comparisons of an
    /// environment read through boto3 before the upgrade and after the rollback.
    /// </summary>
    public sealed class RollbackTestBed : IDisposable
    {
        private int owners;

        public RollbackTestBed(MotoServer moto)
        {
            Upgrades = new UpgradeTestBed(moto);
        }

        public UpgradeTestBed Upgrades { get; }

        public MotoServer Moto => Upgrades.Moto;

        public RecordingLog Log => Upgrades.Log;

        public static IReadOnlyList<string> Functions => PipelineVersionCatalog.Default.Get("3.0.0").Functions;

        public Task<PipelineEnvironment> InstallAsync(string name, string version, int items = 6, int seed = 7) => Upgrades.InstallAsync(name, version, items, seed);

        /// <summary>An upgrade run by the real engine; with <paramref name="abandonAfter"/> it stops after that step as if killed.</summary>
        public async Task<UpgradeResult> UpgradeAsync(PipelineEnvironment env, string to, Func<string, bool>? abandonAfter = null, AuroraRestore.Aws.Lambda.ILambdaClient? lambda = null)
        {
            using var services = Upgrades.Services(lambda: lambda);
            var owner = abandonAfter == null ? $"test@upgrade {++owners}" : UpgradeTestBed.DeadOwner(++owners);
            return await new UpgradeEngine(services, UpgradeTestBed.Options(owner, abandonAfter)).RunAsync(Upgrades.Request(env, to), null, CancellationToken.None);
        }

        /// <param name="owner">Who the lock names.</param>
        /// <param name="abandonAfter">The test hook: stop after the step whose key it accepts, as if killed.</param>
        /// <param name="compare">Compare the items with the backup set at the end (a scratch-table restore per table).</param>
        /// <param name="allChecks">Verify with every check of Test-RestorePipeline (the probe execution and the monitoring
        /// probe too); otherwise the function versions and the table schema only, which the rollback changes.</param>
        public static RollbackOptions Options(string owner, Func<string, bool>? abandonAfter = null, bool compare = true, bool allChecks = false) => new RollbackOptions
        {
            StackPollInterval = TimeSpan.FromMilliseconds(200),
            TablePollInterval = TimeSpan.FromMilliseconds(200),
            ChecksumSegments = 1,
            Owner = owner,
            AbandonAfterStep = abandonAfter,
            CompareWithBackup = compare,
            VerificationChecks = allChecks ? new RollbackOptions().VerificationChecks : new[] { CheckNames.FunctionVersions, CheckNames.TableSchema },
        };

        public RollbackEngine Engine(UpgradeServices services, RollbackOptions options) => new RollbackEngine(services, new PipelineRollbackVerifier(Upgrades.Aws, Log), options);

        /// <summary>Undo-RestoreUpgrade as the engine runs it.</summary>
        public async Task<RollbackResult> UndoAsync(PipelineEnvironment env, string? to = null, RollbackMethod? method = null, Func<string, bool>? abandonAfter = null, Action<RollbackStepResult>? onStep = null, bool compare = true, bool allChecks = false, CancellationToken cancellationToken = default)
        {
            using var services = Upgrades.Services();
            var owner = abandonAfter == null ? $"test@undo {++owners}" : UpgradeTestBed.DeadOwner(++owners);
            return await Engine(services, Options(owner, abandonAfter, compare, allChecks)).RunAsync(new RollbackRequest(env) { ToVersion = to, Method = method }, onStep, cancellationToken);
        }

        /// <summary>The refusal a rollback throws (before the lock), with its error id.</summary>
        public async Task<Common.AuroraRestoreException> RefusedAsync(PipelineEnvironment env, string? to = null, RollbackMethod? method = null)
        {
            using var services = Upgrades.Services();
            return await Assert.ThrowsAsync<Common.AuroraRestoreException>(() => Engine(services, Options("test@refused 1")).RunAsync(new RollbackRequest(env) { ToVersion = to, Method = method }, null, CancellationToken.None));
        }

        /// <summary>
        /// Restores created after an upgrade, written as the pipeline writes them (OperationStore, in the deployed version's
        /// formats): ended operations (one failed, with retries and a requester no derivation gives back) with two audit events each.
        /// </summary>
        public async Task<IReadOnlyList<string>> CreateRestoresAsync(PipelineEnvironment env, string version, int count, int first = 0xf00000)
        {
            var store = new OperationStore(Upgrades.Aws.DynamoDb, env.StateTableName, env.AuditTableName, version);
            var ids = new List<string>();
            var start = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var id = $"op-{first + i:x12}";
                var failed = i == 0;
                var record = new OperationRecord(id)
                {
                    Status = failed ? OperationStatus.Failed : OperationStatus.Completed,
                    Completed = true,
                    Step = failed ? "restore-snapshot" : "sns-notification",
                    Data = new JsonObject { ["source_cluster_id"] = "orders-prod", ["target_cluster_id"] = "orders-qa-" + i, ["host"] = "pipeline" },
                    CreatedAt = start.AddSeconds(i),
                    UpdatedAt = start.AddSeconds(i + 30),
                    RequestedBy = "arn:aws:iam::123456789012:user/ana",
                    RetryCount = 2,
                    Error = failed ? new OperationError("SnapshotNotFound", "snapshot orders-prod-2026-11-24 is gone", "restore-snapshot", false) : null,
                    FailedStep = failed ? "restore-snapshot" : null,
                };
                if (PipelineVersionSpelling.Parse(version).Major >= 3)
                {
                    record.StepHistory.Add(new StepRun("snapshot-check", "succeeded", start.AddSeconds(i), start.AddSeconds(i + 1), 1));
                    record.DurationMs = 30_000;
                }

                await store.CreateAsync(record, CancellationToken.None);
                await store.AppendAuditAsync(new AuditEvent(id, start.AddSeconds(i), "snapshot-check", "started"), CancellationToken.None);
                await store.AppendAuditAsync(new AuditEvent(id, start.AddSeconds(i + 30), record.Step!, record.Status) { Error = record.Error }, CancellationToken.None);
                ids.Add(id);
            }

            return ids;
        }

        /// <summary>The environment read through boto3 (stacks, functions, indexes, configuration, alarms) and its items through a raw SDK client.</summary>
        public Observed Observe(PipelineEnvironment env)
        {
            var snapshot = EnvironmentSnapshot.Take(Moto, env, Functions);
            using var db = TestContexts.For(Moto).CreateDynamoDb();
            var items = new Dictionary<string, List<Dictionary<string, AttributeValue>>>(StringComparer.Ordinal);
            foreach (var table in new[] { env.StateTableName, env.AuditTableName })
            {
                items[table] = new List<Dictionary<string, AttributeValue>>();
                Dictionary<string, AttributeValue>? start = null;
                do
                {
                    var page = db.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = start }).GetAwaiter().GetResult();
                    items[table].AddRange(page.Items);
                    start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
                }
                while (start != null);
            }

            return new Observed(snapshot, items);
        }

        /// <summary>A control table record read with a raw SDK client (cheaper than the CLI inside loops), or null.</summary>
        public Dictionary<string, AttributeValue>? ControlItem(PipelineEnvironment env, string pk, string sk)
        {
            using var db = TestContexts.For(Moto).CreateDynamoDb();
            var item = db.GetItemAsync(new GetItemRequest
            {
                TableName = env.ControlTableName,
                Key = new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = pk }, ["sk"] = new AttributeValue { S = sk } },
                ConsistentRead = true,
            }).GetAwaiter().GetResult().Item;
            return item is { Count: > 0 } ? item : null;
        }

        /// <summary>
        /// Every item there was before the upgrade is back exactly (the shared checksum of those keys equals the one taken
        /// before, and each item is equal); every other item is one of <paramref name="created"/>, in format <paramref name="format"/>.
        /// </summary>
        public static void AssertItems(Observed before, Observed after, PipelineEnvironment env, IReadOnlyCollection<string> created, int format)
        {
            foreach (var (table, audit) in new[] { (env.StateTableName, false), (env.AuditTableName, true) })
            {
                var old = CliItems.ByKey(before.Items[table], audit);
                var now = CliItems.ByKey(after.Items[table], audit);
                var back = old.Keys.Where(now.ContainsKey).Select(k => now[k]).ToList();
                Assert.Equal(old.Count, back.Count);
                Assert.Equal(TableChecksum.Of(old.Values).ToString(), TableChecksum.Of(back).ToString());
                foreach (var key in old.Keys)
                {
                    ItemAssert.Equal(old[key], now[key], table + " " + key);
                }

                var added = now.Where(p => !old.ContainsKey(p.Key)).Select(p => p.Value).ToList();
                Assert.Equal(created.OrderBy(c => c, StringComparer.Ordinal), added.Select(i => i["operation_id"].S).Distinct().OrderBy(c => c, StringComparer.Ordinal));
                Assert.All(added, i => Assert.Equal(format, FormatOf(i)));
                if (!audit)
                {
                    Assert.All(added, i => Assert.Equal(format, StateItemFormats.Read(i).FormatVersion));
                }
            }
        }

        public static int FormatOf(Dictionary<string, AttributeValue> item)
            => item.TryGetValue("format_version", out var v) ? int.Parse(v.N, System.Globalization.CultureInfo.InvariantCulture) : 1;

        public void Dispose() => Upgrades.Dispose();
    }

    /// <summary>An environment as read through boto3, and its items through a raw SDK client.</summary>
    public sealed class Observed
    {
        public Observed(EnvironmentSnapshot snapshot, IReadOnlyDictionary<string, List<Dictionary<string, AttributeValue>>> items)
        {
            Snapshot = snapshot;
            Items = items;
        }

        public EnvironmentSnapshot Snapshot { get; }

        public IReadOnlyDictionary<string, List<Dictionary<string, AttributeValue>>> Items { get; }

        /// <summary>What must be equal before an upgrade and after its rollback: everything but items, published versions, stack statuses and update times.</summary>
        public string Shape
        {
            get
            {
                var data = (JsonObject)Snapshot.Data.DeepClone();
                data.Remove("items");
                foreach (var stack in data["stacks"]!.AsObject())
                {
                    stack.Value!.AsObject().Remove("updates");
                    stack.Value!.AsObject().Remove("status");
                    stack.Value!["template"] = JsonNode.Parse((string)stack.Value!["template"]!)!.ToJsonString();
                }

                foreach (var function in data["functions"]!.AsObject())
                {
                    function.Value!.AsObject().Remove("versions");
                }

                return data.ToJsonString();
            }
        }

        public JsonObject Stack(string name) => Snapshot.Stack(name);

        public JsonObject Function(string name) => Snapshot.Function(name);

        public IReadOnlyList<string> Indexes(string table) => Snapshot.Indexes(table);
    }
}
