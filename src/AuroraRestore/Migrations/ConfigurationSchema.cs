using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuroraRestore.Common;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// The keys of configuration formats 1 and 2 (docs/formats/configuration.md) and their validation. Unknown keys are
    /// refused: a typo must not silently do nothing. The reserved key <c>_ar_down</c> is allowed in format 1 only.
    /// </summary>
    public static class ConfigurationSchema
    {
        public const string FormatKey = "format_version";

        /// <summary>Format 1 (pipeline 1.0.x and 2.0.x).</summary>
        public static IReadOnlyList<ConfigurationKey> Format1Keys { get; } = new[]
        {
            ConfigurationKey.String("source_region", required: true),
            ConfigurationKey.String("target_region"),
            ConfigurationKey.String("source_cluster_id", required: true),
            ConfigurationKey.String("target_cluster_id", required: true),
            ConfigurationKey.String("snapshot_prefix"),
            ConfigurationKey.String("db_subnet_group_name"),
            ConfigurationKey.StringArray("vpc_security_group_ids"),
            ConfigurationKey.String("db_instance_class", defaultValue: "db.r6g.large"),
            ConfigurationKey.Integer("instance_count", 1, 15, 1),
            ConfigurationKey.Integer("port", 1, 65535, 5432),
            ConfigurationKey.String("engine", defaultValue: "aurora-postgresql"),
            ConfigurationKey.Boolean("iam_database_authentication", false),
            ConfigurationKey.Boolean("storage_encrypted", true),
            ConfigurationKey.String("kms_key_id"),
            ConfigurationKey.Boolean("deletion_protection", false),
            ConfigurationKey.String("master_secret_id"),
            ConfigurationKey.String("app_secret_id"),
            ConfigurationKey.Boolean("setup_db_users", true),
            ConfigurationKey.String("database_name", defaultValue: "postgres"),
        };

        /// <summary>The keys format 2 (pipeline 3.0.x) adds, with the defaults the 1→2 conversion writes.</summary>
        public static IReadOnlyList<ConfigurationKey> Format2AddedKeys { get; } = new[]
        {
            ConfigurationKey.String("metrics_namespace", defaultValue: "AuroraRestore"),
            ConfigurationKey.Boolean("metrics_enabled", true),
            ConfigurationKey.String("notification_detail", defaultValue: "full", allowed: new[] { "full", "summary" }),
            ConfigurationKey.Integer("step_retry_max_attempts", 1, 10, 3),
            ConfigurationKey.Integer("operation_timeout_minutes", 10, 1440, 240),
        };

        /// <summary>The document's format_version (1 or 2).</summary>
        /// <exception cref="AuroraRestoreException">ConfigurationInvalid.</exception>
        public static int FormatOf(JsonObject document)
        {
            var marker = document[FormatKey];
            if (marker is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var format)
                && (format == 1 || format == 2))
            {
                return (int)format;
            }

            throw Invalid(document, $"'{FormatKey}' is {(marker == null ? "missing" : marker.ToJsonString())}, not 1 or 2");
        }

        /// <summary>Throws unless <paramref name="document"/> is a valid document of <paramref name="format"/>.</summary>
        /// <exception cref="AuroraRestoreException">ConfigurationInvalid, listing every problem.</exception>
        public static void Validate(JsonObject document, int format)
        {
            var problems = new List<string>();
            if (FormatOf(document) != format)
            {
                problems.Add($"'{FormatKey}' is {document[FormatKey]!.ToJsonString()}, expected {format}");
            }

            var keys = format == 1 ? Format1Keys : Format1Keys.Concat(Format2AddedKeys).ToList();
            var byName = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
            foreach (var property in document)
            {
                if (property.Key == FormatKey)
                {
                    continue;
                }

                if (property.Key == ConfigurationV1ToV2Edge.ReservedKey && format == 1)
                {
                    problems.AddRange(CheckReserved(property.Value));
                    continue;
                }

                if (!byName.TryGetValue(property.Key, out var key))
                {
                    problems.Add($"'{property.Key}' is not a format {format} key");
                    continue;
                }

                var problem = key.Check(property.Value);
                if (problem != null)
                {
                    problems.Add(problem);
                }
            }

            foreach (var key in keys.Where(k => k.Required && !document.ContainsKey(k.Name)))
            {
                problems.Add($"'{key.Name}' is required");
            }

            if (problems.Count > 0)
            {
                throw Invalid(document, string.Join("; ", problems));
            }
        }

        /// <summary>
        /// The reserved key holds what a 2→1 conversion removed: non-default values of format 2 keys, or null for a key
        /// the format 2 document left out. Anything else could not have come from the conversion.
        /// </summary>
        private static IEnumerable<string> CheckReserved(JsonNode? reserved)
        {
            if (reserved is not JsonObject entries)
            {
                yield return $"'{ConfigurationV1ToV2Edge.ReservedKey}' must be an object";
                yield break;
            }

            var added = Format2AddedKeys.ToDictionary(k => k.Name, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (!added.TryGetValue(entry.Key, out var key))
                {
                    yield return $"'{ConfigurationV1ToV2Edge.ReservedKey}.{entry.Key}' is not a key that format 2 adds";
                }
                else if (entry.Value != null)
                {
                    var problem = key.Check(entry.Value);
                    if (problem != null)
                    {
                        yield return $"'{ConfigurationV1ToV2Edge.ReservedKey}': {problem}";
                    }
                    else if (JsonNode.DeepEquals(entry.Value, key.Default))
                    {
                        yield return $"'{ConfigurationV1ToV2Edge.ReservedKey}.{entry.Key}' holds the default value, which the conversion never keeps";
                    }
                }
            }
        }

        internal static AuroraRestoreException Invalid(JsonObject document, string problems)
            => new AuroraRestoreException(
                MigrationErrorIds.ConfigurationInvalid, FailureCategory.InvalidData, document.ToJsonString(),
                $"The configuration document is not valid: {problems}.",
                "Correct the document as docs/formats/configuration.md describes, then convert it again.");
    }
}
