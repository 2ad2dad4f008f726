using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The reviewable JSON form of an <see cref="UpgradePlan"/> (snake_case, two-space indentation, stable key order):
    /// written by Get-RestoreUpgradePlan -OutFile, read back by Invoke-RestoreUpgrade -Plan. Reading refuses anything
    /// that is not a complete plan of a known format, and a plan whose content no longer matches its plan_id.
    /// </summary>
    public static class UpgradePlanFile
    {
        public static string ToJson(UpgradePlan plan)
        {
            var json = ToNode(plan, includeIdentity: true).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            return json.Replace("\r\n", "\n") + "\n";
        }

        /// <summary>SHA-256 of the plan's content without plan_id and created_at: equal plans have equal ids.</summary>
        public static string ComputeId(UpgradePlan plan)
            => Sha256(ToNode(plan, includeIdentity: false).ToJsonString());

        public static string Sha256(string text)
            => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

        /// <exception cref="AuroraRestoreException">UpgradePlanInvalid naming <paramref name="origin"/> and the problem.</exception>
        public static UpgradePlan FromJson(string json, string origin)
        {
            JsonObject root;
            try
            {
                root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("the file is not a JSON object");
            }
            catch (JsonException ex)
            {
                throw Invalid(origin, $"it is not JSON ({ex.Message})", ex);
            }
            catch (FormatException ex)
            {
                throw Invalid(origin, ex.Message, ex);
            }

            try
            {
                var format = Int(root, "format_version");
                if (format != UpgradePlan.CurrentFormatVersion)
                {
                    throw new FormatException($"format_version is {format}; this module reads plan files of format {UpgradePlan.CurrentFormatVersion}");
                }

                var plan = new UpgradePlan
                {
                    FormatVersion = format,
                    PlanId = Text(root, "plan_id"),
                    Environment = Text(root, "environment"),
                    Region = Text(root, "region"),
                    Account = Text(root, "account"),
                    FromVersion = Text(root, "from"),
                    ToVersion = Text(root, "to"),
                    AllowMultiHop = Bool(root, "allow_multi_hop"),
                    CreatedAt = DateTimeOffset.Parse(Text(root, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    Hops = Array(root, "hops").Select(h => new UpgradeHop(Text(h, "from"), Text(h, "to"), Text(h, "notes"), Bool(h, "iam_stack_first"))).ToList(),
                    Fingerprint = ReadFingerprint(Object(root, "fingerprint")),
                    Steps = Array(root, "steps").Select(s => new UpgradePlanStep(
                        Int(s, "index"), Text(s, "name"), s["hop"] == null ? null : Text(s, "hop"), Text(s, "description"),
                        Strings(s, "changes"), Bool(s, "in_freeze_window"))).ToList(),
                    StackDiffs = Array(root, "stack_diffs").Select(ReadStackDiff).ToList(),
                    Notes = Strings(root, "notes"),
                };
                var id = ComputeId(plan);
                if (!string.Equals(id, plan.PlanId, StringComparison.Ordinal))
                {
                    throw new FormatException($"its content does not match its plan_id (edited after it was written?): content hashes to {id}");
                }

                return plan;
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidOperationException || ex is KeyNotFoundException)
            {
                throw Invalid(origin, ex.Message, ex);
            }
        }

        private static AuroraRestoreException Invalid(string origin, string problem, Exception inner)
            => new AuroraRestoreException(
                UpgradeErrorIds.UpgradePlanInvalid, FailureCategory.InvalidData, origin,
                $"{origin} is not an upgrade plan this module can apply: {problem}.",
                "Write a new plan with Get-RestoreUpgradePlan -OutFile and review that; a plan file must not be edited.",
                inner);

        private static JsonObject ToNode(UpgradePlan plan, bool includeIdentity)
        {
            var node = new JsonObject { ["format_version"] = plan.FormatVersion };
            if (includeIdentity)
            {
                node["plan_id"] = plan.PlanId;
                node["created_at"] = plan.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }

            node["environment"] = plan.Environment;
            node["region"] = plan.Region;
            node["account"] = plan.Account;
            node["from"] = plan.FromVersion;
            node["to"] = plan.ToVersion;
            node["allow_multi_hop"] = plan.AllowMultiHop;
            node["hops"] = new JsonArray(plan.Hops.Select(h => (JsonNode)new JsonObject
            {
                ["from"] = h.From,
                ["to"] = h.To,
                ["notes"] = h.Notes,
                ["iam_stack_first"] = h.IamStackFirst,
            }).ToArray());
            node["fingerprint"] = new JsonObject
            {
                ["main_stack_version"] = plan.Fingerprint.MainStackVersion,
                ["iam_stack_version"] = plan.Fingerprint.IamStackVersion,
                ["main_template_sha256"] = plan.Fingerprint.MainTemplateSha256,
                ["iam_template_sha256"] = plan.Fingerprint.IamTemplateSha256,
                ["state_table_indexes"] = StringArray(plan.Fingerprint.StateTableIndexes),
                ["audit_table_indexes"] = StringArray(plan.Fingerprint.AuditTableIndexes),
            };
            node["steps"] = new JsonArray(plan.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["index"] = s.Index,
                ["name"] = s.Name,
                ["hop"] = s.Hop,
                ["description"] = s.Description,
                ["in_freeze_window"] = s.InFreezeWindow,
                ["changes"] = StringArray(s.Changes),
            }).ToArray());
            node["stack_diffs"] = new JsonArray(plan.StackDiffs.Select(d => (JsonNode)new JsonObject
            {
                ["stack"] = d.StackName,
                ["hop"] = d.Hop,
                ["before_source"] = d.BeforeSource,
                ["before_template_sha256"] = d.BeforeTemplateSha256,
                ["after_template_sha256"] = d.AfterTemplateSha256,
                ["parameters"] = new JsonArray(d.Parameters.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name,
                    ["before"] = p.Before,
                    ["after"] = p.After,
                    ["keeps_previous_value"] = p.KeepsPreviousValue,
                }).ToArray()),
                ["changes"] = new JsonArray(d.Changes.Select(c => (JsonNode)new JsonObject
                {
                    ["section"] = c.Section,
                    ["logical_id"] = c.LogicalId,
                    ["resource_type"] = c.ResourceType,
                    ["action"] = c.Action,
                    ["path"] = c.Path,
                    ["before"] = c.Before,
                    ["after"] = c.After,
                }).ToArray()),
                ["change_set"] = d.ChangeSet == null ? null : StringArray(d.ChangeSet),
            }).ToArray());
            node["notes"] = StringArray(plan.Notes);
            return node;
        }

        private static StackDiff ReadStackDiff(JsonObject d) => new StackDiff
        {
            StackName = Text(d, "stack"),
            Hop = Text(d, "hop"),
            BeforeSource = Text(d, "before_source"),
            BeforeTemplateSha256 = Text(d, "before_template_sha256"),
            AfterTemplateSha256 = Text(d, "after_template_sha256"),
            Parameters = Array(d, "parameters").Select(p => new ParameterChange(Text(p, "name"), OptionalText(p, "before"), OptionalText(p, "after"), Bool(p, "keeps_previous_value"))).ToList(),
            Changes = Array(d, "changes").Select(c => new TemplateChange(
                Text(c, "section"), OptionalText(c, "logical_id"), OptionalText(c, "resource_type"), Text(c, "action"), Text(c, "path"), OptionalText(c, "before"), OptionalText(c, "after"))).ToList(),
            ChangeSet = d["change_set"] == null ? null : Strings(d, "change_set"),
        };

        private static EnvironmentFingerprint ReadFingerprint(JsonObject f) => new EnvironmentFingerprint
        {
            MainStackVersion = OptionalText(f, "main_stack_version"),
            IamStackVersion = OptionalText(f, "iam_stack_version"),
            MainTemplateSha256 = Text(f, "main_template_sha256"),
            IamTemplateSha256 = Text(f, "iam_template_sha256"),
            StateTableIndexes = Strings(f, "state_table_indexes"),
            AuditTableIndexes = Strings(f, "audit_table_indexes"),
        };

        private static JsonArray StringArray(IEnumerable<string> values) => new JsonArray(values.Select(v => (JsonNode?)v).ToArray());

        private static JsonObject Object(JsonObject node, string key) => node[key] as JsonObject ?? throw new FormatException($"'{key}' is missing or not an object");

        private static IEnumerable<JsonObject> Array(JsonObject node, string key)
            => (node[key] as JsonArray ?? throw new FormatException($"'{key}' is missing or not a list")).Select(e => e as JsonObject ?? throw new FormatException($"an entry of '{key}' is not an object"));

        private static IReadOnlyList<string> Strings(JsonObject node, string key)
            => (node[key] as JsonArray ?? throw new FormatException($"'{key}' is missing or not a list")).Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"an entry of '{key}' is not a string")).ToList();

        private static string Text(JsonObject node, string key)
            => node[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"'{key}' is missing or not a string");

        private static string? OptionalText(JsonObject node, string key) => node[key] == null ? null : Text(node, key);

        private static int Int(JsonObject node, string key)
            => node[key] is JsonValue value && value.TryGetValue<int>(out var number) ? number : throw new FormatException($"'{key}' is missing or not a whole number");

        private static bool Bool(JsonObject node, string key)
            => node[key] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : throw new FormatException($"'{key}' is missing or not true/false");
    }
}
