using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuroraRestore.Common;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// A resource-by-resource, property-by-property diff of two CloudFormation templates in JSON. What a change set
    /// would say, computed without CloudFormation (moto cannot create change sets on existing stacks), and with the
    /// property values that change, which a change set does not show.
    /// </summary>
    public static class TemplateDiff
    {
        private static readonly string[] EntrySections = { "Parameters", "Conditions", "Mappings", "Resources", "Outputs" };

        /// <summary>Every difference, sections in template order, entries and properties in ordinal order.</summary>
        /// <exception cref="AuroraRestoreException">TemplateNotJson naming the stack, when a body is not a JSON object.</exception>
        public static IReadOnlyList<TemplateChange> Compare(string stackName, string before, string after)
        {
            var left = Parse(stackName, before);
            var right = Parse(stackName, after);
            var changes = new List<TemplateChange>();
            foreach (var key in Keys(left, right).Where(k => !EntrySections.Contains(k)))
            {
                Walk(changes, "Template", null, null, key, left[key], right[key], left.ContainsKey(key), right.ContainsKey(key));
            }

            foreach (var section in EntrySections)
            {
                var beforeEntries = left[section] as JsonObject ?? new JsonObject();
                var afterEntries = right[section] as JsonObject ?? new JsonObject();
                foreach (var id in Keys(beforeEntries, afterEntries))
                {
                    var type = section == "Resources" ? TypeOf(afterEntries[id]) ?? TypeOf(beforeEntries[id]) : null;
                    Walk(changes, section, id, type, string.Empty, beforeEntries[id], afterEntries[id], beforeEntries.ContainsKey(id), afterEntries.ContainsKey(id));
                }
            }

            return changes;
        }

        /// <summary>Reads a template body as a JSON object, refusing YAML (or anything else) with TemplateNotJson.</summary>
        public static JsonObject Parse(string stackName, string body)
        {
            try
            {
                if (JsonNode.Parse(body) is JsonObject template)
                {
                    return template;
                }
            }
            catch (JsonException)
            {
                // Reported below: most likely YAML, which get-template returns for stacks created from YAML.
            }

            var start = body.TrimStart();
            var looksLikeYaml = start.Length > 0 && start[0] != '{' && start[0] != '[';
            throw new AuroraRestoreException(
                UpgradeErrorIds.TemplateNotJson, FailureCategory.InvalidData, stackName,
                $"The deployed template of stack {stackName} is {(looksLikeYaml ? "YAML" : "not a JSON object")}: the module plans upgrades from JSON templates only (the ones it deploys).",
                $"This stack was not deployed by AuroraRestore. Convert its template to JSON (for example with cfn-flip) and update the stack with it, or reinstall the pipeline with Install-RestorePipeline.");
        }

        private static IEnumerable<string> Keys(JsonObject left, JsonObject right)
            => left.Select(p => p.Key).Union(right.Select(p => p.Key)).OrderBy(k => k, StringComparer.Ordinal);

        private static string? TypeOf(JsonNode? resource) => (resource as JsonObject)?["Type"] is JsonValue type && type.TryGetValue<string>(out var text) ? text : null;

        private static void Walk(List<TemplateChange> changes, string section, string? id, string? type, string path, JsonNode? before, JsonNode? after, bool hadBefore, bool hasAfter)
        {
            if (!hadBefore)
            {
                changes.Add(new TemplateChange(section, id, type, TemplateChange.Add, path, null, Json(after)));
                return;
            }

            if (!hasAfter)
            {
                changes.Add(new TemplateChange(section, id, type, TemplateChange.Remove, path, Json(before), null));
                return;
            }

            if (JsonNode.DeepEquals(before, after))
            {
                return;
            }

            if (before is JsonObject beforeObject && after is JsonObject afterObject)
            {
                foreach (var key in Keys(beforeObject, afterObject))
                {
                    Walk(changes, section, id, type, Join(path, key), beforeObject[key], afterObject[key], beforeObject.ContainsKey(key), afterObject.ContainsKey(key));
                }

                return;
            }

            if (before is JsonArray beforeArray && after is JsonArray afterArray && beforeArray.Count == afterArray.Count)
            {
                for (var i = 0; i < beforeArray.Count; i++)
                {
                    Walk(changes, section, id, type, path + "[" + i + "]", beforeArray[i], afterArray[i], true, true);
                }

                return;
            }

            changes.Add(new TemplateChange(section, id, type, TemplateChange.Modify, path, Json(before), Json(after)));
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

        private static string Json(JsonNode? node) => node == null ? "null" : node.ToJsonString();
    }
}
