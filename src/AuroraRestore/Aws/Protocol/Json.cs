using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Lenient readers for JSON and REST-JSON answers: a member that is missing, null or of another type reads as null,
    /// because services add members over time and moto leaves optional ones out or sends them as null.
    /// </summary>
    public static class Json
    {
        public static JsonObject? Object(JsonObject? parent, string name) => parent?[name] as JsonObject;

        public static IEnumerable<JsonObject> Objects(JsonObject? parent, string name)
            => (parent?[name] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();

        public static string? Text(JsonObject? parent, string name)
            => parent?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        public static long? Long(JsonObject? parent, string name)
        {
            if (parent?[name] is not JsonValue value)
            {
                return null;
            }

            if (value.TryGetValue<long>(out var whole))
            {
                return whole;
            }

            return value.TryGetValue<double>(out var number) && number == Math.Floor(number) ? (long)number : (long?)null;
        }

        public static int? Int(JsonObject? parent, string name)
        {
            var value = Long(parent, name);
            return value.HasValue && value.Value >= int.MinValue && value.Value <= int.MaxValue ? (int)value.Value : (int?)null;
        }

        public static bool? Bool(JsonObject? parent, string name)
            => parent?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : (bool?)null;

        /// <summary>
        /// A timestamp as the JSON protocols send it: epoch seconds as a number, fractions allowed (1795624819.386).
        /// An ISO 8601 string is accepted too, because some services and proxies answer that way.
        /// </summary>
        public static DateTimeOffset? EpochTime(JsonObject? parent, string name)
        {
            if (parent?[name] is not JsonValue value)
            {
                return null;
            }

            if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<decimal>(out var seconds))
            {
                // decimal keeps the milliseconds exact: 1795624819.386 as a double is 1795624819.3859999.
                return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero));
            }

            return value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : (DateTimeOffset?)null;
        }

        /// <summary>A string-to-string map such as Lambda's <c>Environment.Variables</c>; non-string values are skipped.</summary>
        public static IEnumerable<KeyValuePair<string, string>> StringMap(JsonObject? map)
        {
            if (map == null)
            {
                yield break;
            }

            foreach (var pair in map)
            {
                if (pair.Value is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    yield return new KeyValuePair<string, string>(pair.Key, text);
                }
            }
        }
    }
}
