using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuroraRestore.Migrations
{
    /// <summary>One key of the configuration document: its JSON type, whether it is required, its range and default.</summary>
    public sealed class ConfigurationKey
    {
        private ConfigurationKey(string name, ConfigurationValueKind kind, bool required, JsonNode? defaultValue, long min = long.MinValue, long max = long.MaxValue, IReadOnlyCollection<string>? allowed = null)
        {
            Name = name;
            Kind = kind;
            Required = required;
            Default = defaultValue;
            Min = min;
            Max = max;
            Allowed = allowed;
        }

        public string Name { get; }

        public ConfigurationValueKind Kind { get; }

        public bool Required { get; }

        /// <summary>The documented default, or null when the key has none (or its default depends on other keys).</summary>
        public JsonNode? Default { get; }

        public long Min { get; }

        public long Max { get; }

        public IReadOnlyCollection<string>? Allowed { get; }

        public static ConfigurationKey String(string name, bool required = false, string? defaultValue = null, IReadOnlyCollection<string>? allowed = null)
            => new ConfigurationKey(name, ConfigurationValueKind.String, required, defaultValue == null ? null : JsonValue.Create(defaultValue), allowed: allowed);

        /// <summary>Defaults as parsed JSON, like every other value of a document read from text (readable as int, long or decimal).</summary>
        private static JsonNode Parsed(string json) => JsonNode.Parse(json)!;

        public static ConfigurationKey Integer(string name, long min, long max, long? defaultValue = null, bool required = false)
            => new ConfigurationKey(name, ConfigurationValueKind.Integer, required, defaultValue.HasValue ? Parsed(defaultValue.Value.ToString(CultureInfo.InvariantCulture)) : null, min, max);

        public static ConfigurationKey Boolean(string name, bool? defaultValue = null)
            => new ConfigurationKey(name, ConfigurationValueKind.Boolean, false, defaultValue.HasValue ? Parsed(defaultValue.Value ? "true" : "false") : null);

        public static ConfigurationKey StringArray(string name)
            => new ConfigurationKey(name, ConfigurationValueKind.StringArray, false, null);

        /// <summary>Why <paramref name="value"/> is not valid for this key, or null when it is.</summary>
        public string? Check(JsonNode? value)
        {
            switch (Kind)
            {
                case ConfigurationValueKind.String:
                    if (value is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
                    {
                        return $"'{Name}' must be a string";
                    }

                    if (Allowed != null && !((ICollection<string>)Allowed).Contains(s.GetValue<string>()))
                    {
                        return $"'{Name}' must be one of {string.Join(", ", Allowed)}";
                    }

                    return null;
                case ConfigurationValueKind.Boolean:
                    return value is JsonValue b && (b.GetValueKind() == JsonValueKind.True || b.GetValueKind() == JsonValueKind.False)
                        ? null
                        : $"'{Name}' must be true or false";
                case ConfigurationValueKind.Integer:
                    if (value is not JsonValue n || n.GetValueKind() != JsonValueKind.Number)
                    {
                        return $"'{Name}' must be a number";
                    }

                    if (!decimal.TryParse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        || number != decimal.Truncate(number) || number < Min || number > Max)
                    {
                        return $"'{Name}' must be a whole number from {Min} to {Max}";
                    }

                    return null;
                default:
                    if (value is not JsonArray array)
                    {
                        return $"'{Name}' must be an array of strings";
                    }

                    foreach (var element in array)
                    {
                        if (element is not JsonValue e || e.GetValueKind() != JsonValueKind.String)
                        {
                            return $"'{Name}' must be an array of strings";
                        }
                    }

                    return null;
            }
        }
    }

    /// <summary>The JSON types of configuration values.</summary>
    public enum ConfigurationValueKind
    {
        String,
        Integer,
        Boolean,
        StringArray,
    }
}
