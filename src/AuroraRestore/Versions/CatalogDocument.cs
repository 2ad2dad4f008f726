using System;
using System.Collections.Generic;
using System.Text.Json;
using AuroraRestore.Common;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// Strict reading of one catalog file (version.json, schema.json, alarms.json, matrix.json, a template).
    /// The files ship inside the module, so a problem is a defect of the build, reported with the file and the key
    /// so that whoever adds a version sees at once what is wrong.
    /// </summary>
    internal sealed class CatalogDocument
    {
        public const string InvalidErrorId = "VersionCatalogInvalid";

        private CatalogDocument(string path, JsonElement root)
        {
            Path = path;
            Root = root;
        }

        public string Path { get; }

        public JsonElement Root { get; }

        public static CatalogDocument Parse(string path, string text)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(path, "the document is not a JSON object");
                }

                return new CatalogDocument(path, document.RootElement.Clone());
            }
            catch (JsonException ex)
            {
                throw Invalid(path, $"not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {ex.Message}", ex);
            }
        }

        public static AuroraRestoreException Invalid(string path, string problem, Exception? inner = null)
            => new AuroraRestoreException(
                InvalidErrorId, FailureCategory.InvalidData, path,
                $"The pipeline version catalog is invalid: {path}: {problem}.",
                "This is a defect of the module build: fix the file under src/AuroraRestore/Versions/ (see docs/versions.md) and rebuild.",
                inner);

        public AuroraRestoreException Invalid(string problem) => Invalid(Path, problem);

        public JsonElement Property(JsonElement parent, string key, JsonValueKind kind, string where)
        {
            if (!parent.TryGetProperty(key, out var value))
            {
                throw Invalid($"{where}: missing '{key}'");
            }

            if (value.ValueKind != kind)
            {
                throw Invalid($"{where}: '{key}' must be {Describe(kind)}, not {value.ValueKind}");
            }

            return value;
        }

        public string String(JsonElement parent, string key, string where)
        {
            var text = Property(parent, key, JsonValueKind.String, where).GetString()!;
            if (text.Length == 0)
            {
                throw Invalid($"{where}: '{key}' must not be empty");
            }

            return text;
        }

        public string? OptionalString(JsonElement parent, string key, string where)
            => parent.TryGetProperty(key, out _) ? String(parent, key, where) : null;

        public int PositiveInt(JsonElement parent, string key, string where)
        {
            var element = Property(parent, key, JsonValueKind.Number, where);
            if (!element.TryGetInt32(out var value) || value < 1)
            {
                throw Invalid($"{where}: '{key}' must be a whole number of at least 1, not {element.GetRawText()}");
            }

            return value;
        }

        public double Number(JsonElement parent, string key, string where)
            => Property(parent, key, JsonValueKind.Number, where).GetDouble();

        public bool Boolean(JsonElement parent, string key, string where)
        {
            if (!parent.TryGetProperty(key, out var value))
            {
                throw Invalid($"{where}: missing '{key}'");
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid($"{where}: '{key}' must be true or false, not {value.ValueKind}"),
            };
        }

        public IEnumerable<JsonElement> Array(JsonElement parent, string key, string where)
            => Property(parent, key, JsonValueKind.Array, where).EnumerateArray();

        public JsonElement Object(JsonElement parent, string key, string where)
            => Property(parent, key, JsonValueKind.Object, where);

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => kind.ToString(),
        };
    }
}
