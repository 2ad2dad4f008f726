using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Rehearsals;
using AuroraRestore.Rollbacks;
using AuroraRestore.State;
using AuroraRestore.Tests.Migrations;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using Xunit;

namespace AuroraRestore.Tests.Rehearsals
{
    /// <summary>
    /// Invoke-RestoreUpgradeRehearsal's engine on moto: a source at 1.0.0 with items (one restore still in progress) and a
    /// snapshot of its configured source cluster is rehearsed to 2.0.0. Effects are read through the AWS CLI and a raw
    /// DynamoDB client: the scratch environment and its backups are gone, the source is untouched.
    /// </summary>
    public sealed class RehearsalEngineTests : IClassFixture<MotoServer>, IDisposable
    {
        private const string Configuration = "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"rh-src-db\",\"target_cluster_id\":\"rh-src-restored\",\"snapshot_prefix\":\"rh-src-db-daily-\",\"setup_db_users\":false}";
        private readonly MotoServer moto;
        private readonly RecordingLog log = new RecordingLog();
        private readonly AwsClients aws;
        private readonly IAmazonDynamoDB raw;
        private readonly string work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ar-rehearsal-" + Guid.NewGuid().ToString("N").Substring(0, 8))).FullName;

        public RehearsalEngineTests(MotoServer moto)
        {
            this.moto = moto;
            aws = new AwsClients(TestContexts.For(moto, log: log));
            raw = TestContexts.For(moto).CreateDynamoDb();
        }

        public void Dispose()
        {
            aws.Dispose();
            raw.Dispose();
            Directory.Delete(work, recursive: true);
        }

        [Fact]
        public async Task A_rehearsal_clones_upgrades_verifies_rolls_back_verifies_and_tears_down_reporting_every_step()
        {
            var source = await InstallSourceAsync("rhsrc");
            AwsCli.Run(moto, "rds", "create-db-cluster", "--db-cluster-identifier", "rh-src-db", "--engine", "aurora-postgresql", "--master-username", "a", "--master-user-password", "abcdefgh1");
            AwsCli.Run(moto, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "rh-src-db", "--db-cluster-snapshot-identifier", "rh-src-db-daily-2026-11-24");
            var before = await ChecksumsAsync(source);
            var stacksBefore = StacksSeen();
            var reportPath = Path.Combine(work, "reports", "rehearsal.md");
            var engine = new RehearsalEngine(aws, log, Options());

            var preparation = await engine.PrepareAsync(Request(source, "rhscratch", "2.0.0", reportPath), CancellationToken.None);
            var seen = new List<string>();
            var report = await engine.RunAsync(preparation, step => seen.Add(step.Name), CancellationToken.None);

            Assert.True(report.Passed, string.Join("\n", report.Steps.Select(s => $"{s.Name} {s.Status} {s.ErrorId} {s.Error ?? s.Detail}")));
            var names = new[] { "Preflight", "Clone", "Upgrade", "Verify upgraded", "Rollback", "Verify rolled back", "Teardown" };
            Assert.Equal(names, report.Steps.Select(s => s.Name));
            Assert.Equal(names, seen);
            Assert.All(report.Steps, s => Assert.Equal(RehearsalStep.PassedStatus, s.Status));
            Assert.Equal(("1.0.0", "2.0.0", "rhsrc", "rhscratch"), (report.FromVersion, report.TargetVersion, report.SourceEnvironment, report.ScratchEnvironment));

            // The upgrade's and the rollback's own steps, each with its journal key and duration.
            var upgrade = report.Steps.Single(s => s.Name == "Upgrade");
            Assert.Contains(upgrade.SubSteps, s => s.Key.EndsWith("#main-stack", StringComparison.Ordinal) && s.Status == "Completed");
            Assert.Contains(upgrade.SubSteps, s => s.Key.EndsWith("#state-migration", StringComparison.Ordinal));
            Assert.Contains(report.Steps.Single(s => s.Name == "Rollback").SubSteps, s => s.Key.Contains("undo-main-stack", StringComparison.Ordinal));
            Assert.Contains("13 state and 20 audit items", report.Steps.Single(s => s.Name == "Clone").Detail, StringComparison.Ordinal);

            // The test restore and every check, after the upgrade and after the rollback.
            var upgradedChecks = report.Checks.Where(c => c.Step == "Verify upgraded").ToList();
            Assert.Equal(new[] { "FunctionVersions", "StateMachineExecution", "TableSchema", "SampleRestore", "Monitoring" }, upgradedChecks.Select(c => c.Name));
            Assert.All(upgradedChecks, c => Assert.Equal(("2.0.0", "Passed"), (c.Version, c.Outcome)));
            var rolledBackChecks = report.Checks.Where(c => c.Step == "Verify rolled back").ToList();
            Assert.NotEmpty(rolledBackChecks);
            Assert.All(rolledBackChecks, c => Assert.Equal(("1.0.0", "Passed"), (c.Version, c.Outcome)));
            Assert.Contains(report.Notes, n => n.Contains("1 restore(s) were in progress", StringComparison.Ordinal));

            // Torn down: no stack, table, configuration or backup of the scratch copy is left.
            var stacksAfter = StacksSeen();
            Assert.Equal(stacksBefore, stacksAfter);
            var tables = AwsCli.Json(moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.DoesNotContain(tables, t => t.EndsWith("-rhscratch", StringComparison.Ordinal));
            var backups = AwsCli.Json(moto, "dynamodb", "list-backups")!["BackupSummaries"]!.AsArray().Select(b => (string)b!["TableName"]!).ToList();
            Assert.DoesNotContain(backups, t => t.EndsWith("-rhscratch", StringComparison.Ordinal));
            var parameters = AwsCli.Json(moto, "ssm", "describe-parameters")!["Parameters"]!.AsArray().Select(p => (string)p!["Name"]!).ToList();
            Assert.DoesNotContain("/aurora-restore/rhscratch/config", parameters);
            var bucket = AwsCli.Json(moto, "s3api", "list-buckets")!["Buckets"]!.AsArray().Select(b => (string)b!["Name"]!).Single(b => b.StartsWith("aurora-restore-artifacts-", StringComparison.Ordinal));
            var objects = AwsCli.Json(moto, "s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "backups/rhscratch/");
            Assert.True(objects?["Contents"] == null, objects?.ToJsonString());

            // The source was only read.
            Assert.Equal(before, await ChecksumsAsync(source));

            // The Markdown report: every step, its duration, every check.
            Assert.Equal(Path.GetFullPath(reportPath), report.MarkdownPath);
            var markdown = await File.ReadAllTextAsync(reportPath);
            Assert.Contains("# Upgrade rehearsal: rhsrc 1.0.0 → 2.0.0", markdown, StringComparison.Ordinal);
            Assert.Contains("- **Result: Passed**", markdown, StringComparison.Ordinal);
            foreach (var name in names)
            {
                Assert.Matches($@"\| \d \| {name} \| Passed \| [0-9.]+ s \|", markdown);
            }

            Assert.Contains("| Verify upgraded | 2.0.0 | SampleRestore | Passed |", markdown, StringComparison.Ordinal);
            Assert.Contains("## Upgrade: its steps", markdown, StringComparison.Ordinal);
            Assert.Contains("## Rollback: its steps", markdown, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_failed_verification_is_reported_and_the_copy_is_still_rolled_back_and_removed()
        {
            var source = await InstallSourceAsync("rhfail");
            var engine = new RehearsalEngine(aws, log, Options());
            var request = Request(source, "rhfailscratch", "2.0.0", Path.Combine(work, "failed.md"));
            request.SnapshotIdentifier = "rh-src-db-daily-missing";
            var stacksBefore = StacksSeen();

            var report = await engine.RunAsync(await engine.PrepareAsync(request, CancellationToken.None), null, CancellationToken.None);

            Assert.False(report.Passed);
            var verify = Assert.Single(report.Failures);
            Assert.Equal("Verify upgraded", verify.Name);
            Assert.Equal("PipelineVerificationFailed", verify.ErrorId);
            Assert.Equal("Failed", report.Checks.Single(c => c.Step == "Verify upgraded" && c.Name == "SampleRestore").Outcome);
            Assert.Equal(new[] { "Passed", "Passed", "Passed", "Failed", "Passed", "Passed", "Passed" }, report.Steps.Select(s => s.Status));
            Assert.Equal(stacksBefore, StacksSeen());
            Assert.Contains("## Failures", await File.ReadAllTextAsync(Path.Combine(work, "failed.md")), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Bad_requests_are_refused_before_anything_changes()
        {
            var source = await InstallSourceAsync("rhref", items: 0);
            AwsCli.Run(moto, "cloudformation", "create-stack", "--stack-name", "aurora-restore-pipeline-rhbusy", "--template-body", "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}");
            var engine = new RehearsalEngine(aws, log, Options());
            var stacksBefore = StacksSeen();
            var cases = new (RehearsalRequest Request, string ErrorId)[]
            {
                (Request(source, "rhref", "2.0.0"), RehearsalErrorIds.RehearsalScratchIsSource),
                (Request(PipelineEnvironment.Named("rhnothing"), "rhscratch2", "2.0.0"), "PipelineNotInstalled"),
                (Request(source, "rhscratch2", "9.0.0"), "UnknownPipelineVersion"),
                (Request(source, "rhscratch2", "1.0.0"), RehearsalErrorIds.RehearsalNothingToUpgrade),
                (Request(source, "rhbusy", "2.0.0"), RehearsalErrorIds.RehearsalScratchInUse),
                (Request(source, "rhscratch2", "2.0.0", reportPath: work), RehearsalErrorIds.RehearsalReportPathInvalid),
            };

            foreach (var (request, errorId) in cases)
            {
                var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => engine.PrepareAsync(request, CancellationToken.None));
                Assert.Equal(errorId, error.ErrorId);
                Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            }

            var copyRefused = Request(source, "rhscratch2", "2.0.0");
            copyRefused.ConfigurationOverrides["target_cluster_id"] = JsonValue.Create("rh-src-restored");
            Assert.Equal("CopyTargetsSourceCluster", (await Assert.ThrowsAsync<AuroraRestoreException>(() => engine.PrepareAsync(copyRefused, CancellationToken.None))).ErrorId);
            Assert.Equal(stacksBefore, StacksSeen());
        }

        private RehearsalRequest Request(PipelineEnvironment source, string scratch, string target, string? reportPath = null)
            => new RehearsalRequest(source, PipelineEnvironment.Named(scratch), target, Package) { ReportPath = reportPath };

        private static RehearsalOptions Options() => new RehearsalOptions
        {
            Upgrade = new UpgradeOptions { StackPollInterval = TimeSpan.FromMilliseconds(200), TablePollInterval = TimeSpan.FromMilliseconds(200) },
            Rollback = new RollbackOptions { StackPollInterval = TimeSpan.FromMilliseconds(200), TablePollInterval = TimeSpan.FromMilliseconds(200), ChecksumSegments = 1 },
        };

        private string Package(string version)
        {
            var zip = Path.Combine(work, $"aurora-restore-lambda-{version}.zip");
            if (!File.Exists(zip))
            {
                using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
                using var entry = new StreamWriter(archive.CreateEntry("pipeline-version.txt").Open(), Encoding.UTF8);
                entry.Write(version);
            }

            return zip;
        }

        /// <summary>Installs 1.0.0 with <paramref name="items"/> ended operations and one in progress, and 20 audit events.</summary>
        private async Task<PipelineEnvironment> InstallSourceAsync(string name, int items = 12)
        {
            var env = PipelineEnvironment.Named(name);
            await new PipelineInstaller(aws, log).InstallAsync(new InstallRequest(env, "1.0.0", Package("1.0.0"), Configuration), CancellationToken.None);
            if (items == 0)
            {
                return env;
            }

            // Generated 1.0 items (edge cases included); all ended but the last, a restore still in progress.
            var generator = new ItemGenerator(11);
            var state = Generate(generator.StateV1, items + 1);
            for (var i = 0; i < state.Count; i++)
            {
                state[i]["completed"] = new AttributeValue { BOOL = i < items };
            }

            var audit = Generate(generator.AuditV1, 20);
            await SeedAsync(env.StateTableName, state);
            await SeedAsync(env.AuditTableName, audit);
            return env;
        }

        /// <summary>
        /// Generated items whose attribute names are ASCII: moto 5.2.1 answers HTTP 500 to a Scan with a
        /// ProjectionExpression over a table holding a map key such as "مرحبا" (the rollback's item comparison scans keys
        /// that way); values keep every edge case.
        /// </summary>
        private static List<Dictionary<string, AttributeValue>> Generate(Func<bool, Dictionary<string, AttributeValue>> next, int count)
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            while (items.Count < count)
            {
                var item = next(false);
                if (AsciiNames(item))
                {
                    items.Add(item);
                }
            }

            return items;
        }

        private static bool AsciiNames(Dictionary<string, AttributeValue> map)
            => map.All(p => p.Key.All(c => c < 128) && AsciiNames(p.Value));

        private static bool AsciiNames(AttributeValue value)
            => (value.M == null || AsciiNames(value.M)) && (value.L == null || value.L.All(AsciiNames));

        private async Task SeedAsync(string table, List<Dictionary<string, AttributeValue>> items)
        {
            foreach (var batch in items.Chunk(25))
            {
                await raw.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = batch.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i } }).ToList() },
                });
            }
        }

        private async Task<(string State, string Audit)> ChecksumsAsync(PipelineEnvironment env)
            => (await ChecksumAsync(env.StateTableName), await ChecksumAsync(env.AuditTableName));

        private async Task<string> ChecksumAsync(string table)
        {
            var items = (await raw.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true })).Items;
            return TableChecksum.Of(items).ToString();
        }

        /// <summary>Every stack with its version tag, through the AWS CLI.</summary>
        private string StacksSeen()
            => string.Join(",", AwsCli.Json(moto, "cloudformation", "describe-stacks")!["Stacks"]!.AsArray()
                .Select(s => (string)s!["StackName"]! + "@" + (string?)s["Tags"]?.AsArray().FirstOrDefault(t => (string?)t!["Key"] == "aurora-restore:version")?["Value"])
                .OrderBy(s => s, StringComparer.Ordinal));
    }
}
