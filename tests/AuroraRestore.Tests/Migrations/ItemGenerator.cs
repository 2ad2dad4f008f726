using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>
    /// A seeded generator of state and audit items of every format, edge cases included: missing optional attributes,
    /// failed operations, unicode (surrogate pairs, combining marks, right-to-left, control characters), numbers at
    /// DynamoDB's limits, every attribute type, nested maps and lists, items near the 400 KB limit, and newer-format
    /// items whose attributes disagree with what an up transform would derive (items written after an upgrade).
    /// A failing case prints its seed and index, so it can be replayed.
    /// </summary>
    public sealed class ItemGenerator
    {
        public static readonly string[] ExtremeNumbers =
        {
            "0", "-0", "1", "-1", "0.5", "1.50", "100", "1E+2", "1e2",
            "9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
            "1E-130", "-1E-130", "12345678901234567890123456789012345678", "-0.00000000000000000000000000000000000001",
            // 38 significant digits, DynamoDB's most: moto stores a 39th but then fails (HTTP 500) any projected Scan of the item.
            "3.1415926535897932384626433832795028842",
        };

        private static readonly string[] UnicodeSamples =
        {
            "plain", "café", "naïve", "日本語のテキスト", "emoji 😀🚀 end", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "e\u0301 combining", "مرحبا بالعالم", "שלום",
            "tab\tnew\nline", "quote\"back\\slash", "\u0001control", "zero\u200Bwidth", "Ω≈ç√∫", "",
        };

        private static readonly string[] Statuses = { "pending", "in_progress", "completed", "failed", "stopped" };
        private static readonly string[] Steps = { "snapshot-check", "copy-snapshot", "check-copy-status", "delete-rds", "check-delete-status", "restore-snapshot", "check-restore-status", "setup-db-users", "verify-restore", "archive-snapshot", "sns-notification" };
        private static readonly string[] AuditStatuses = { "started", "succeeded", "failed", "retrying", "skipped", "stopped" };

        private readonly Random random;
        private int sequence;

        public ItemGenerator(int seed)
        {
            Seed = seed;
            random = new Random(seed);
        }

        public int Seed { get; }

        public Dictionary<string, AttributeValue> StateV1(bool large = false)
        {
            var status = Pick(Statuses);
            var item = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = S(OperationId()),
                ["status"] = S(status),
                ["completed"] = new AttributeValue { BOOL = status is "completed" or "failed" or "stopped" ? random.Next(10) > 0 : random.Next(10) == 0 },
                ["timestamp"] = S(Time()),
            };
            if (random.Next(8) > 0)
            {
                item["state"] = new AttributeValue { M = StepState(large) };
            }

            if (status == "failed" ? random.Next(4) > 0 : random.Next(20) == 0)
            {
                item["error"] = S(Text());
            }

            return item;
        }

        public Dictionary<string, AttributeValue> StateV2(bool large = false)
        {
            var item = StateV1(large);
            item.Remove("error");
            item["format_version"] = N("2");
            var state = item.TryGetValue("state", out var s) ? s.M : null;
            // Items written by a 2.0 pipeline: mostly consistent with the derivation, sometimes not at all.
            item["created_at"] = S(random.Next(3) == 0 && state?.ContainsKey("created_at") == true ? state["created_at"].S : Time());
            item["updated_at"] = random.Next(4) > 0 ? item["timestamp"] : S(Time());
            item["requested_by"] = S(random.Next(3) == 0 ? "unknown" : "arn:aws:iam::123456789012:user/" + Text());
            item["retry_count"] = N(random.Next(3) == 0 ? "0" : Pick(ExtremeNumbers));
            if (item["status"].S == "failed" || random.Next(10) == 0)
            {
                var error = new Dictionary<string, AttributeValue>
                {
                    ["type"] = S(random.Next(2) == 0 ? "Error" : "ThrottlingException"),
                    ["step"] = S(Pick(Steps)),
                    ["retryable"] = new AttributeValue { BOOL = random.Next(2) == 0 },
                };
                if (random.Next(6) > 0)
                {
                    error["message"] = S(Text());
                }

                item["error"] = new AttributeValue { M = error };
            }

            if (item["status"].S == "failed" && random.Next(3) > 0)
            {
                item["failed_step"] = S(Pick(Steps));
            }

            return item;
        }

        public Dictionary<string, AttributeValue> StateV3(bool large = false)
        {
            var item = StateV2(large);
            item["format_version"] = N("3");
            item["pipeline_version"] = S(random.Next(4) > 0 ? "3.0.0" : "2.0.0");
            var history = new List<AttributeValue>();
            for (var i = random.Next(6); i > 0; i--)
            {
                var run = new Dictionary<string, AttributeValue>
                {
                    ["step"] = S(Pick(Steps)),
                    ["status"] = S(Pick(AuditStatuses)),
                    ["started_at"] = S(Time()),
                    ["attempts"] = N(random.Next(1, 4).ToString(CultureInfo.InvariantCulture)),
                };
                if (random.Next(3) > 0)
                {
                    run["ended_at"] = S(Time());
                }

                history.Add(new AttributeValue { M = run });
            }

            item["step_history"] = new AttributeValue { L = history };
            if (random.Next(2) == 0)
            {
                item["duration_ms"] = N(random.Next(3) == 0 ? Pick(ExtremeNumbers) : random.Next(0, 10_000_000).ToString(CultureInfo.InvariantCulture));
            }

            return item;
        }

        public Dictionary<string, AttributeValue> AuditV1(bool large = false)
        {
            var status = Pick(AuditStatuses);
            var details = new Dictionary<string, AttributeValue>();
            for (var i = random.Next(4); i > 0; i--)
            {
                details[Text(1) + i] = Value(2);
            }

            if (status == "failed" && random.Next(3) > 0)
            {
                details["error"] = S(Text());
            }

            if (large)
            {
                details["blob"] = S(new string('x', 380_000));
            }

            return new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = S(OperationId()),
                ["timestamp"] = S(Time() + (random.Next(5) == 0 ? "#2" : string.Empty)),
                ["step"] = S(random.Next(4) == 0 ? "operation" : Pick(Steps)),
                ["status"] = S(status),
                ["details"] = new AttributeValue { M = details },
            };
        }

        public Dictionary<string, AttributeValue> AuditV2(bool large = false)
        {
            var item = AuditV1(large);
            item["format_version"] = N("2");
            item["event_type"] = S(random.Next(3) > 0 ? "step_" + item["status"].S : "operation_" + Text());
            item["actor"] = S(random.Next(3) == 0 ? "module" : "aurora-restore-" + Pick(Steps));
            if (random.Next(3) == 0)
            {
                item["error"] = new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["type"] = S("Error"),
                        ["message"] = S(Text()),
                        ["step"] = item["step"],
                        ["retryable"] = new AttributeValue { BOOL = false },
                    },
                };
            }

            return item;
        }

        public Dictionary<string, AttributeValue> AuditV3(bool large = false)
        {
            var item = AuditV2(large);
            item["format_version"] = N("3");
            item["pipeline_version"] = S("3.0.0");
            if (random.Next(2) == 0)
            {
                item["duration_ms"] = N(random.Next(0, 100000).ToString(CultureInfo.InvariantCulture));
            }

            return item;
        }

        /// <summary>Any DynamoDB value, nested up to <paramref name="depth"/> levels.</summary>
        public AttributeValue Value(int depth)
        {
            switch (random.Next(depth > 0 ? 10 : 8))
            {
                case 0: return S(Text());
                case 1: return N(Pick(ExtremeNumbers));
                case 2: return new AttributeValue { B = new MemoryStream(Bytes()) };
                case 3: return new AttributeValue { SS = Distinct(() => Text(1) + random.Next(1000)).ToList() };
                case 4: return new AttributeValue { NS = Distinct(() => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture)).ToList() };
                case 5: return new AttributeValue { BS = Distinct(() => Convert.ToBase64String(Bytes())).Select(b => new MemoryStream(Convert.FromBase64String(b))).ToList() };
                case 6: return new AttributeValue { NULL = true };
                case 7: return new AttributeValue { BOOL = random.Next(2) == 0 };
                case 8:
                    var map = new Dictionary<string, AttributeValue>();
                    for (var i = random.Next(4); i > 0; i--)
                    {
                        map[Text(1) + i] = Value(depth - 1);
                    }

                    return new AttributeValue { M = map };
                default:
                    var list = new List<AttributeValue>();
                    for (var i = random.Next(4); i > 0; i--)
                    {
                        list.Add(Value(depth - 1));
                    }

                    return new AttributeValue { L = list };
            }
        }

        public string Text(int words = 3)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < Math.Max(1, random.Next(words + 1)); i++)
            {
                builder.Append(Pick(UnicodeSamples));
            }

            return builder.ToString();
        }

        private Dictionary<string, AttributeValue> StepState(bool large)
        {
            var state = new Dictionary<string, AttributeValue>();
            if (random.Next(6) > 0)
            {
                state["step"] = S(Pick(Steps));
            }

            foreach (var key in new[] { "source_cluster_id", "snapshot_name", "snapshot_arn", "source_region", "target_region", "target_cluster_id", "cluster_endpoint", "restore_time", "execution_arn" })
            {
                if (random.Next(2) == 0)
                {
                    state[key] = S(Text());
                }
            }

            if (random.Next(2) == 0)
            {
                state["cluster_port"] = N(random.Next(3) == 0 ? Pick(ExtremeNumbers) : "5432");
            }

            if (random.Next(2) == 0)
            {
                state["requested_by"] = S(Text());
            }

            if (random.Next(3) == 0)
            {
                state["created_at"] = S(Time());
            }

            if (random.Next(2) == 0)
            {
                state["host"] = S(random.Next(2) == 0 ? "pipeline" : "local");
            }

            for (var i = random.Next(4); i > 0; i--)
            {
                state["extra_" + Text(1) + i] = Value(3);
            }

            if (large)
            {
                // Near DynamoDB's 400 KB item limit.
                state["blob"] = S(new string('x', 380_000) + Text());
            }

            return state;
        }

        private IEnumerable<string> Distinct(Func<string> make)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                set.Add(make());
            }

            return set;
        }

        private byte[] Bytes()
        {
            var bytes = new byte[random.Next(0, 16)];
            random.NextBytes(bytes);
            return bytes;
        }

        private string OperationId() => "op-" + (++sequence).ToString("x4", CultureInfo.InvariantCulture) + random.Next(0, 1 << 30).ToString("x8", CultureInfo.InvariantCulture);

        private string Time()
            => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(random.NextInt64(0, 1_000_000_000_00L)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

        private static AttributeValue S(string value) => new AttributeValue { S = value };

        private static AttributeValue N(string value) => new AttributeValue { N = value };
    }
}
