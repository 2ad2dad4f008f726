using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Migrations;

namespace AuroraRestore.Bench
{
    /// <summary>
    /// The state migration benchmark (docs/performance.md): on one moto server, for each table size, seeds a 1.0 state
    /// table once, then times in a fresh child process each
    ///   (a) the MigrationRunner migrating a copy of it 1.0 → 2.0 (checkpoints on, parallelism measured),
    ///   (b) the seed's way: scan everything into memory, then one PutItem per transformed item, single-threaded,
    ///   (c) the fastest raw copy: Scan + BatchWriteItem into another table, no transformation, plain and 4-segment,
    /// and prints items/s, peak memory (VmHWM of the child) and the ratios a/b and a/c. The machine is shared, so (a) and
    /// (c) run several times, interleaved, and each figure is the median; (b), by far the slowest, runs once.
    /// Usage: MigrationBench [--sizes 5000,20000,50000] [--reps 3] [--out file.json]
    ///        MigrationBench child &lt;variant&gt; &lt;endpoint&gt; &lt;table&gt; [&lt;target table&gt;]   (internal)
    /// </summary>
    public static class Program
    {
        private const string Region = "us-east-1";

        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "child")
            {
                return await ChildAsync(args).ConfigureAwait(false);
            }

            var sizes = new[] { 5_000, 20_000, 50_000 };
            var reps = 3;
            var output = Path.Combine("out", "bench", "migration.json");
            for (var i = 0; i < args.Length - 1; i++)
            {
                if (args[i] == "--sizes")
                {
                    sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                }
                else if (args[i] == "--reps")
                {
                    reps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                }
                else if (args[i] == "--out")
                {
                    output = args[i + 1];
                }
            }

            using var moto = MotoProcess.Start();
            Console.WriteLine($"moto 5.2.1 on {moto.Endpoint}; {Environment.ProcessorCount} cores; sizes {string.Join(", ", sizes)}");
            var rows = new List<Dictionary<string, object>>();
            using var db = Client(moto.Endpoint);
            foreach (var size in sizes)
            {
                var source = $"bench-source-{size}";
                await CreateTableAsync(db, source).ConfigureAwait(false);
                var seedClock = Stopwatch.StartNew();
                await SeedAsync(db, source, size).ConfigureAwait(false);
                var backup = (await db.CreateBackupAsync(new CreateBackupRequest { TableName = source, BackupName = source }).ConfigureAwait(false)).BackupDetails.BackupArn;
                Console.WriteLine($"N = {size}: seeded in {seedClock.Elapsed.TotalSeconds:F1} s");

                var runs = new Dictionary<string, List<ChildReport>>();
                var order = Enumerable.Repeat(new[] { "runner", "copy-plain", "copy-segmented" }, reps).SelectMany(v => v).Append("baseline");
                foreach (var variant in order)
                {
                    var table = $"bench-{variant}-{size}";
                    await db.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { BackupArn = backup, TargetTableName = table }).ConfigureAwait(false);
                    var target = variant.StartsWith("copy", StringComparison.Ordinal) ? table + "-target" : string.Empty;
                    if (target.Length > 0)
                    {
                        await CreateTableAsync(db, target).ConfigureAwait(false);
                    }

                    var report = RunChild(variant, moto.Endpoint, table, target);
                    if (report.Items != size)
                    {
                        throw new InvalidOperationException($"{variant} processed {report.Items} of {size} items");
                    }

                    await VerifyAsync(db, variant, target.Length > 0 ? target : table, size).ConfigureAwait(false);
                    if (!runs.TryGetValue(variant, out var list))
                    {
                        runs[variant] = list = new List<ChildReport>();
                    }

                    list.Add(report);
                    Console.WriteLine($"  {variant,-15} {report.ItemsPerSecond,8:F0} items/s  {report.Seconds,7:F1} s  peak {report.PeakBytes / 1048576.0,7:F1} MiB  cpu {report.CpuSeconds,5:F1} s  {report.Detail}");
                    await db.DeleteTableAsync(table).ConfigureAwait(false);
                    if (target.Length > 0)
                    {
                        await db.DeleteTableAsync(target).ConfigureAwait(false);
                    }
                }

                var measured = runs.ToDictionary(r => r.Key, r => Median(r.Value));
                var copy = measured["copy-plain"].ItemsPerSecond >= measured["copy-segmented"].ItemsPerSecond ? "copy-plain" : "copy-segmented";
                var a = measured["runner"];
                var row = new Dictionary<string, object>
                {
                    ["items"] = size,
                    ["runner_items_per_s"] = Math.Round(a.ItemsPerSecond),
                    ["runner_peak_mib"] = Math.Round(a.PeakBytes / 1048576.0, 1),
                    ["runner_parallelism"] = a.Detail,
                    ["baseline_items_per_s"] = Math.Round(measured["baseline"].ItemsPerSecond),
                    ["baseline_peak_mib"] = Math.Round(measured["baseline"].PeakBytes / 1048576.0, 1),
                    ["copy_plain_items_per_s"] = Math.Round(measured["copy-plain"].ItemsPerSecond),
                    ["copy_segmented_items_per_s"] = Math.Round(measured["copy-segmented"].ItemsPerSecond),
                    ["copy_best"] = copy,
                    ["copy_peak_mib"] = Math.Round(measured[copy].PeakBytes / 1048576.0, 1),
                    ["a_over_b"] = Math.Round(a.ItemsPerSecond / measured["baseline"].ItemsPerSecond, 2),
                    ["a_over_c"] = Math.Round(a.ItemsPerSecond / measured[copy].ItemsPerSecond, 2),
                };
                rows.Add(row);
                Console.WriteLine($"  a/b = {row["a_over_b"]}, a/c = {row["a_over_c"]} (c = {copy})");
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                File.WriteAllText(output, JsonSerializer.Serialize(new { rows, reps, complete = false }, new JsonSerializerOptions { WriteIndented = true }));
                await db.DeleteTableAsync(source).ConfigureAwait(false);
            }

            var first = rows.First();
            var last = rows.Last();
            var memoryRatio = Math.Round((double)last["runner_peak_mib"] / (double)first["runner_peak_mib"], 2);
            Console.WriteLine();
            Console.WriteLine("| items | runner items/s | baseline items/s | raw copy items/s (best) | a/b | a/c | runner peak MiB | baseline peak MiB | copy peak MiB |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in rows)
            {
                Console.WriteLine($"| {row["items"]} | {row["runner_items_per_s"]} | {row["baseline_items_per_s"]} | {row[(string)row["copy_best"] == "copy-plain" ? "copy_plain_items_per_s" : "copy_segmented_items_per_s"]} ({row["copy_best"]}) | {row["a_over_b"]} | {row["a_over_c"]} | {row["runner_peak_mib"]} | {row["baseline_peak_mib"]} | {row["copy_peak_mib"]} |");
            }

            Console.WriteLine($"runner peak memory at {last["items"]} / at {first["items"]} = {memoryRatio}");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            File.WriteAllText(output, JsonSerializer.Serialize(new { rows, reps, runner_memory_ratio = memoryRatio, cores = Environment.ProcessorCount, when = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture) }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"Results: {output}");
            return 0;
        }

        /// <summary>The run with the median throughput (its memory and detail come with it).</summary>
        private static ChildReport Median(List<ChildReport> runs)
            => runs.OrderBy(r => r.ItemsPerSecond).ElementAt(runs.Count / 2);

        private static ChildReport RunChild(string variant, string endpoint, string table, string target)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            var entry = typeof(Program).Assembly.Location;
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(entry);
            }

            foreach (var arg in new[] { "child", variant, endpoint, table, target })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{variant} failed: {stderr.Result}{stdout.Result}");
            }

            return JsonSerializer.Deserialize<ChildReport>(stdout.Result.Trim().Split('\n').Last())!;
        }

        private static async Task<int> ChildAsync(string[] args)
        {
            var (variant, endpoint, table, target) = (args[1], args[2], args[3], args.Length > 4 ? args[4] : string.Empty);
            using var db = Client(endpoint);
            await db.DescribeTableAsync(table).ConfigureAwait(false); // warm the client and the connection outside the clock
            var clock = Stopwatch.StartNew();
            long items;
            var detail = string.Empty;
            switch (variant)
            {
                case "runner":
                    await ControlTable.EnsureExistsAsync(db, "bench-control", CancellationToken.None).ConfigureAwait(false);
                    IOperationLog log = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new StderrLog(clock) : NullOperationLog.Instance;
                    var result = await new MigrationRunner(db, new ControlTable(db, "bench-control"), log)
                        .RunAsync(table, new ItemMigration(MigrationCatalog.Default.PathBetween("1.0.0", "2.0.0"), MigrationTable.State), new MigrationRunnerOptions(), CancellationToken.None)
                        .ConfigureAwait(false);
                    items = result.ItemsChanged;
                    detail = $"{result.Parallelism} writes in flight, {result.TotalSegments} segment(s), {result.ConcurrentUpdates} conflicts";
                    break;
                case "baseline":
                    items = await Baseline.RunAsync(db, table).ConfigureAwait(false);
                    break;
                case "copy-plain":
                    items = await RawCopy.RunAsync(db, table, target, 1).ConfigureAwait(false);
                    break;
                case "copy-segmented":
                    items = await RawCopy.RunAsync(db, table, target, 4).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentException("unknown variant " + variant);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1")
            {
                var gc = GC.GetGCMemoryInfo();
                var live = GC.GetTotalMemory(forceFullCollection: true);
                Console.Error.WriteLine($"gc: live after a full collection {live / 1048576.0:F1} MiB");
                Console.Error.WriteLine($"gc: heap {gc.HeapSizeBytes / 1048576.0:F1} MiB, committed {gc.TotalCommittedBytes / 1048576.0:F1} MiB, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB");
            }

            Console.WriteLine(JsonSerializer.Serialize(new ChildReport { Items = items, Seconds = seconds, PeakBytes = PeakResidentBytes(), Detail = detail, CpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds }));
            return 0;
        }

        /// <summary>The process's peak resident set (VmHWM), in bytes.</summary>
        private static long PeakResidentBytes()
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }

            return Process.GetCurrentProcess().PeakWorkingSet64;
        }

        private static async Task VerifyAsync(IAmazonDynamoDB db, string variant, string table, int size)
        {
            // Every variant must have done its job: all items present, migrated ones in format 2.
            var count = 0;
            var migrated = 0;
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var page = await db.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = startKey, ProjectionExpression = "format_version" }).ConfigureAwait(false);
                count += page.Items.Count;
                migrated += page.Items.Count(i => i.TryGetValue("format_version", out var f) && f.N == "2");
                startKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (startKey != null);
            var expectedMigrated = variant.StartsWith("copy", StringComparison.Ordinal) ? 0 : size;
            if (count != size || migrated != expectedMigrated)
            {
                throw new InvalidOperationException($"{variant}: {table} holds {count} items, {migrated} in format 2");
            }
        }

        private static async Task CreateTableAsync(IAmazonDynamoDB db, string table)
            => await db.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("operation_id", ScalarAttributeType.S) },
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("operation_id", KeyType.HASH) },
            }).ConfigureAwait(false);

        /// <summary>1.0 state items as the real pipeline leaves them: 99% finished operations, 1% still running.</summary>
        private static async Task SeedAsync(IAmazonDynamoDB db, string table, int size)
        {
            var random = new Random(size);
            var statuses = new[] { "completed", "completed", "completed", "failed", "stopped" };
            var writes = new List<Task>();
            for (var start = 0; start < size; start += 25)
            {
                var batch = new List<WriteRequest>();
                for (var i = start; i < Math.Min(start + 25, size); i++)
                {
                    var running = i % 100 == 0;
                    var status = running ? "in_progress" : statuses[random.Next(statuses.Length)];
                    var item = new Dictionary<string, AttributeValue>
                    {
                        ["operation_id"] = new AttributeValue { S = "op-" + i.ToString("x12", CultureInfo.InvariantCulture) },
                        ["status"] = new AttributeValue { S = status },
                        ["completed"] = new AttributeValue { BOOL = !running },
                        ["timestamp"] = new AttributeValue { S = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 37).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) },
                        ["state"] = new AttributeValue
                        {
                            M = new Dictionary<string, AttributeValue>
                            {
                                ["step"] = new AttributeValue { S = running ? "check-restore-status" : "sns-notification" },
                                ["source_cluster_id"] = new AttributeValue { S = "prod-aurora-cluster" },
                                ["snapshot_name"] = new AttributeValue { S = "rds:prod-aurora-cluster-2025-01-" + (1 + (i % 28)).ToString("D2", CultureInfo.InvariantCulture) },
                                ["source_region"] = new AttributeValue { S = "us-east-1" },
                                ["target_region"] = new AttributeValue { S = "us-west-2" },
                                ["target_cluster_id"] = new AttributeValue { S = "restored-cluster-" + (i % 7).ToString(CultureInfo.InvariantCulture) },
                                ["cluster_endpoint"] = new AttributeValue { S = "restored-cluster.cluster-abc123.us-west-2.rds.amazonaws.com" },
                                ["cluster_port"] = new AttributeValue { N = "5432" },
                                ["requested_by"] = new AttributeValue { S = "arn:aws:iam::123456789012:user/operator" },
                                ["host"] = new AttributeValue { S = "pipeline" },
                            },
                        },
                    };
                    if (status == "failed")
                    {
                        item["error"] = new AttributeValue { S = "Restore failed: snapshot not found" };
                    }

                    batch.Add(new WriteRequest { PutRequest = new PutRequest { Item = item } });
                }

                writes.Add(db.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = batch } }));
                if (writes.Count == 4)
                {
                    await Task.WhenAll(writes).ConfigureAwait(false);
                    writes.Clear();
                }
            }

            await Task.WhenAll(writes).ConfigureAwait(false);
        }

        private static AmazonDynamoDBClient Client(string endpoint)
            => new AmazonDynamoDBClient(new BasicAWSCredentials("testing", "testing"), new AmazonDynamoDBConfig { ServiceURL = endpoint, AuthenticationRegion = Region });

        /// <summary>Narration with elapsed times on stderr (BENCH_VERBOSE=1), to see where a run spends its time.</summary>
        private sealed class StderrLog : IOperationLog
        {
            private readonly Stopwatch clock;

            public StderrLog(Stopwatch clock) => this.clock = clock;

            public void Verbose(string message) => Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds,8:F3} {message}");

            public void Warning(string message) => Verbose("WARNING " + message);

            public void Progress(ProgressReport report) => Verbose($"progress {report.Status}");
        }

        private sealed class ChildReport
        {
            public long Items { get; set; }

            public double Seconds { get; set; }

            public long PeakBytes { get; set; }

            public string Detail { get; set; } = string.Empty;

            /// <summary>CPU seconds the child used (its own work, not the server's).</summary>
            public double CpuSeconds { get; set; }

            public double ItemsPerSecond => Items / Seconds;
        }

        /// <summary>A moto server on a free loopback port for the whole benchmark.</summary>
        private sealed class MotoProcess : IDisposable
        {
            private readonly Process process;

            private MotoProcess(Process process, string endpoint)
            {
                this.process = process;
                Endpoint = endpoint;
            }

            public string Endpoint { get; }

            public static MotoProcess Start()
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                var start = new ProcessStartInfo("python3", $"-m moto.server -H 127.0.0.1 -p {port}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var endpoint = $"http://127.0.0.1:{port}";
                using var http = new HttpClient();
                for (var i = 0; i < 300; i++)
                {
                    try
                    {
                        http.GetAsync(endpoint + "/moto-api/").GetAwaiter().GetResult().Dispose();
                        return new MotoProcess(process, endpoint);
                    }
                    catch (HttpRequestException)
                    {
                        Thread.Sleep(100);
                    }
                }

                process.Kill(true);
                throw new InvalidOperationException("moto did not start");
            }

            public void Dispose()
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                    process.WaitForExit(5000);
                }

                process.Dispose();
            }
        }
    }
}
