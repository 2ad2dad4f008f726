using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// manifest.json, the table of contents of a backup set (format_version 1, docs/backups.md): what was backed up,
    /// when, from which pipeline version, the DynamoDB backups with each table's shape, item count and checksum, and the
    /// SHA-256 of every exported file. Written last, so a set without one was never finished.
    /// </summary>
    public sealed class BackupManifest
    {
        public const int FormatVersion = 1;

        private static readonly Regex Sha256Pattern = new Regex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant);
        private static readonly Regex ChecksumPattern = new Regex("^[0-9]+:[0-9a-f]{64}$", RegexOptions.CultureInvariant);

        // A file name is a plain name inside the set: a tampered manifest must not reach outside it (../, /etc/...).
        private static readonly Regex FileNamePattern = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant);

        public string Name { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        public string PipelineVersion { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public IReadOnlyList<ManifestTable> Tables { get; set; } = new List<ManifestTable>();

        public IReadOnlyList<ManifestFile> Files { get; set; } = new List<ManifestFile>();

        public static bool IsValidFileName(string? name) => name != null && FileNamePattern.IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

        /// <summary>The canonical document: two-space indentation, \n line endings, keys in the documented order.</summary>
        public byte[] ToJson()
        {
            var tables = new JsonArray();
            foreach (var table in Tables)
            {
                tables.Add(new JsonObject
                {
                    ["role"] = table.Role,
                    ["table_name"] = table.TableName,
                    ["backup_arn"] = table.BackupArn,
                    ["backup_name"] = table.BackupName,
                    ["key_schema"] = Keys(table.KeySchema),
                    ["indexes"] = new JsonArray(table.Indexes.Select(i => (JsonNode)new JsonObject
                    {
                        ["index_name"] = i.IndexName,
                        ["key_schema"] = Keys(i.KeySchema),
                        ["projection_type"] = i.ProjectionType,
                    }).ToArray()),
                    ["billing_mode"] = table.BillingMode,
                    ["item_count"] = table.ItemCount,
                    ["checksum"] = table.Checksum,
                });
            }

            var document = new JsonObject
            {
                ["format_version"] = FormatVersion,
                ["name"] = Name,
                ["environment"] = Environment,
                ["region"] = Region,
                ["pipeline_version"] = PipelineVersion,
                ["created_at"] = CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["tables"] = tables,
                ["files"] = new JsonArray(Files.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["sha256"] = f.Sha256, ["size"] = f.Size }).ToArray()),
            };
            return BackupJson.Serialize(document);
        }

        /// <summary>Reads and checks a manifest completely; anything malformed or missing is BackupManifestInvalid naming what.</summary>
        public static BackupManifest Parse(byte[] json, string where)
        {
            JsonObject root;
            try
            {
                root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow }) as JsonObject
                    ?? throw Invalid(where, "it is not a JSON object");
            }
            catch (JsonException ex)
            {
                throw Invalid(where, "it is not valid JSON (" + ex.Message + ")");
            }

            var format = Number(root, "format_version", where);
            if (format != FormatVersion)
            {
                throw Invalid(where, $"format_version is {format}; this module reads format {FormatVersion}");
            }

            var manifest = new BackupManifest
            {
                Name = Text(root, "name", where),
                Environment = Text(root, "environment", where),
                Region = Text(root, "region", where),
                PipelineVersion = Text(root, "pipeline_version", where),
            };
            if (!BackupNames.IsValid(manifest.Name))
            {
                throw Invalid(where, $"name '{manifest.Name}' is not a valid backup name");
            }

            if (!PipelineEnvironment.IsValidName(manifest.Environment))
            {
                throw Invalid(where, $"environment '{manifest.Environment}' is not a valid environment name");
            }

            if (!DateTimeOffset.TryParse(Text(root, "created_at", where), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
            {
                throw Invalid(where, "created_at is not an ISO 8601 time");
            }

            manifest.CreatedAt = created;
            manifest.Tables = Array(root, "tables", where).Select((node, i) => ParseTable(node, $"tables[{i}]", where)).ToList();
            if (manifest.Tables.Count == 0)
            {
                throw Invalid(where, "it lists no tables");
            }

            if (manifest.Tables.Select(t => t.TableName).Distinct(StringComparer.Ordinal).Count() != manifest.Tables.Count)
            {
                throw Invalid(where, "a table is listed twice");
            }

            manifest.Files = Array(root, "files", where).Select((node, i) => ParseFile(node, $"files[{i}]", where)).ToList();
            if (manifest.Files.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != manifest.Files.Count)
            {
                throw Invalid(where, "a file is listed twice");
            }

            return manifest;
        }

        /// <summary>The manifest's own SHA-256, which verification.json records so a later edit shows.</summary>
        public static string Sha256Of(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();

        private static ManifestTable ParseTable(JsonNode? node, string path, string where)
        {
            var table = node as JsonObject ?? throw Invalid(where, path + " is not an object");
            var result = new ManifestTable
            {
                Role = Text(table, "role", where, path),
                TableName = Text(table, "table_name", where, path),
                BackupArn = Text(table, "backup_arn", where, path),
                BackupName = Text(table, "backup_name", where, path),
                KeySchema = Array(table, "key_schema", where, path).Select((k, i) => ParseKey(k, $"{path}.key_schema[{i}]", where)).ToList(),
                Indexes = Array(table, "indexes", where, path).Select((x, i) => ParseIndex(x, $"{path}.indexes[{i}]", where)).ToList(),
                BillingMode = Text(table, "billing_mode", where, path),
                ItemCount = Number(table, "item_count", where, path),
                Checksum = Text(table, "checksum", where, path),
            };
            if (result.Role != ManifestTable.StateRole && result.Role != ManifestTable.AuditRole)
            {
                throw Invalid(where, $"{path}.role is '{result.Role}', not state or audit");
            }

            if (result.KeySchema.Count == 0)
            {
                throw Invalid(where, path + ".key_schema is empty");
            }

            if (!ChecksumPattern.IsMatch(result.Checksum))
            {
                throw Invalid(where, path + ".checksum is not <count>:<64 hex digits>");
            }

            if (result.ItemCount < 0)
            {
                throw Invalid(where, path + ".item_count is negative");
            }

            return result;
        }

        private static ManifestIndex ParseIndex(JsonNode? node, string path, string where)
        {
            var index = node as JsonObject ?? throw Invalid(where, path + " is not an object");
            return new ManifestIndex(
                Text(index, "index_name", where, path),
                Array(index, "key_schema", where, path).Select((k, i) => ParseKey(k, $"{path}.key_schema[{i}]", where)).ToList(),
                Text(index, "projection_type", where, path));
        }

        private static ManifestKeyElement ParseKey(JsonNode? node, string path, string where)
        {
            var key = node as JsonObject ?? throw Invalid(where, path + " is not an object");
            return new ManifestKeyElement(Text(key, "attribute_name", where, path), Text(key, "attribute_type", where, path), Text(key, "key_type", where, path));
        }

        private static ManifestFile ParseFile(JsonNode? node, string path, string where)
        {
            var file = node as JsonObject ?? throw Invalid(where, path + " is not an object");
            var name = Text(file, "name", where, path);
            if (!IsValidFileName(name) || name == BackupFileNames.Manifest)
            {
                throw Invalid(where, $"{path}.name '{name}' is not a plain file name inside the set");
            }

            var sha = Text(file, "sha256", where, path);
            if (!Sha256Pattern.IsMatch(sha))
            {
                throw Invalid(where, path + ".sha256 is not 64 lower-case hex digits");
            }

            return new ManifestFile(name, sha, Number(file, "size", where, path));
        }

        private static JsonArray Keys(IEnumerable<ManifestKeyElement> keys)
            => new JsonArray(keys.Select(k => (JsonNode)new JsonObject { ["attribute_name"] = k.AttributeName, ["attribute_type"] = k.AttributeType, ["key_type"] = k.KeyType }).ToArray());

        private static string Text(JsonObject obj, string key, string where, string? path = null)
        {
            if (obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                var text = value.GetValue<string>();
                if (text.Length > 0)
                {
                    return text;
                }
            }

            throw Invalid(where, $"{Qualified(path, key)} is missing or not a non-empty string");
        }

        private static long Number(JsonObject obj, string key, string where, string? path = null)
        {
            if (obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number))
            {
                return number;
            }

            throw Invalid(where, $"{Qualified(path, key)} is missing or not a whole number");
        }

        private static JsonArray Array(JsonObject obj, string key, string where, string? path = null)
            => obj[key] as JsonArray ?? throw Invalid(where, $"{Qualified(path, key)} is missing or not an array");

        private static string Qualified(string? path, string key) => path == null ? key : path + "." + key;

        internal static AuroraRestoreException Invalid(string where, string why) => new AuroraRestoreException(
            BackupErrorIds.BackupManifestInvalid, FailureCategory.InvalidData, where,
            $"The backup manifest {where} is not valid: {why}.",
            "The set was edited or damaged: use another backup set (Get-RestoreStateBackup lists them); a manifest is never repaired by hand.");
    }
}
