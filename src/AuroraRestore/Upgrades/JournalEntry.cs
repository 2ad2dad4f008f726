using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Control;
using AuroraRestore.State;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// One step's record in the upgrade journal (pk <c>journal#&lt;run_id&gt;</c>, sk <c>&lt;index&gt;#&lt;name&gt;</c>):
    /// its status and times, and every value a rollback needs to undo it exactly (docs/upgrades.md lists them per step).
    /// </summary>
    public sealed class JournalEntry
    {
        public const string Started = "started";
        public const string Completed = "completed";
        public const string Failed = "failed";

        private readonly Dictionary<string, AttributeValue> values;

        internal JournalEntry(string runId, string key, Dictionary<string, AttributeValue> values, long revision)
        {
            RunId = runId;
            Key = key;
            this.values = values;
            Revision = revision;
        }

        public string RunId { get; }

        /// <summary>The sort key: "&lt;index, 3 digits&gt;#&lt;name&gt;".</summary>
        public string Key { get; }

        public int Index => int.Parse(Key.Substring(0, 3), CultureInfo.InvariantCulture);

        public string Name => Key.Substring(4);

        public long Revision { get; internal set; }

        /// <summary>started, completed or failed.</summary>
        public string Status
        {
            get => GetString("status") ?? Started;
            internal set => values["status"] = new AttributeValue { S = value };
        }

        public string? Hop => GetString("hop");

        /// <summary>When the step first started (kept across resumes, so the freeze window is measured honestly).</summary>
        public DateTimeOffset? StartedAt => IsoTime.Parse(GetString("started_at"));

        public DateTimeOffset? EndedAt => IsoTime.Parse(GetString("ended_at"));

        /// <summary>How many times the step was started (more than 1 after a resume).</summary>
        public long Attempts => GetNumber("attempts") ?? 0;

        public string? Detail => GetString("detail");

        public string? Error => GetString("error");

        public IReadOnlyDictionary<string, AttributeValue> Values => values;

        public bool Has(string name) => values.ContainsKey(name);

        public string? GetString(string name) => values.TryGetValue(name, out var value) ? value.S : null;

        public long? GetNumber(string name)
            => values.TryGetValue(name, out var value) && value.N != null && long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

        /// <summary>A map of strings (function → version, parameter → value).</summary>
        public IReadOnlyDictionary<string, string> GetMap(string name)
            => values.TryGetValue(name, out var value) && value.M != null
                ? value.M.Where(p => p.Value.S != null).ToDictionary(p => p.Key, p => p.Value.S, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);

        public IReadOnlyList<string> GetList(string name)
            => values.TryGetValue(name, out var value) && value.L != null ? value.L.Where(v => v.S != null).Select(v => v.S).ToList() : new List<string>();

        public void Set(string name, string? value)
        {
            if (value == null)
            {
                values.Remove(name);
            }
            else
            {
                values[name] = new AttributeValue { S = value };
            }
        }

        public void Set(string name, long value) => values[name] = new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };

        public void SetMap(string name, IEnumerable<KeyValuePair<string, string>> map)
            => values[name] = new AttributeValue { M = map.ToDictionary(p => p.Key, p => new AttributeValue { S = p.Value }), IsMSet = true };

        public void SetList(string name, IEnumerable<string> list)
            => values[name] = new AttributeValue { L = list.Select(s => new AttributeValue { S = s }).ToList(), IsLSet = true };

        internal ControlRecord ToRecord() => new ControlRecord(UpgradeJournal.PartitionOf(RunId), Key, values, Revision);

        internal static JournalEntry FromRecord(string runId, ControlRecord record)
            => new JournalEntry(runId, record.Sk, new Dictionary<string, AttributeValue>(record.Attributes, StringComparer.Ordinal), record.Revision);

        public override string ToString() => $"{Key} {Status}{(Hop == null ? string.Empty : " [" + Hop + "]")}";
    }
}
