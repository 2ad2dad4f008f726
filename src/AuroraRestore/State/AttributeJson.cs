using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>
    /// Converts between DynamoDB attribute values and JSON (the <c>state</c> map, audit <c>details</c>, the Lambda state JSON).
    /// Strings are S, numbers N, booleans BOOL, objects M, arrays L, null NULL.
    /// </summary>
    public static class AttributeJson
    {
        public static AttributeValue ToAttribute(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    return new AttributeValue { NULL = true };
                case JsonObject obj:
                    return new AttributeValue { M = ToMap(obj) };
                case JsonArray array:
                    return new AttributeValue { L = array.Select(ToAttribute).ToList() };
                case JsonValue value:
                    return value.GetValueKind() switch
                    {
                        JsonValueKind.String => new AttributeValue { S = value.GetValue<string>() },
                        JsonValueKind.Number => new AttributeValue { N = value.ToJsonString() },
                        JsonValueKind.True => new AttributeValue { BOOL = true },
                        JsonValueKind.False => new AttributeValue { BOOL = false },
                        _ => new AttributeValue { NULL = true },
                    };
                default:
                    throw new ArgumentException("Unsupported JSON node " + node.GetType().Name, nameof(node));
            }
        }

        public static Dictionary<string, AttributeValue> ToMap(JsonObject obj)
        {
            var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var pair in obj)
            {
                map[pair.Key] = ToAttribute(pair.Value);
            }

            return map;
        }

        public static JsonNode? ToJson(AttributeValue? value)
        {
            if (value == null || value.NULL == true)
            {
                return null;
            }

            if (value.S != null)
            {
                return JsonValue.Create(value.S);
            }

            if (value.N != null)
            {
                return JsonNode.Parse(decimal.Parse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            }

            if (value.BOOL.HasValue)
            {
                return JsonValue.Create(value.BOOL.Value);
            }

            if (value.M != null)
            {
                return ToJsonObject(value.M);
            }

            if (value.L != null)
            {
                return new JsonArray(value.L.Select(ToJson).ToArray());
            }

            if (value.SS != null)
            {
                return new JsonArray(value.SS.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            }

            if (value.NS != null)
            {
                return new JsonArray(value.NS.Select(n => JsonNode.Parse(n)).ToArray());
            }

            return null;
        }

        public static JsonObject ToJsonObject(Dictionary<string, AttributeValue>? map)
        {
            var obj = new JsonObject();
            if (map != null)
            {
                foreach (var pair in map)
                {
                    obj[pair.Key] = ToJson(pair.Value);
                }
            }

            return obj;
        }

        public static AttributeValue S(string value) => new AttributeValue { S = value };

        public static AttributeValue N(long value) => new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };

        public static AttributeValue Bool(bool value) => new AttributeValue { BOOL = value };

        public static string? GetS(Dictionary<string, AttributeValue> item, string key) => item.TryGetValue(key, out var v) ? v.S : null;

        public static long? GetN(Dictionary<string, AttributeValue> item, string key)
            => item.TryGetValue(key, out var v) && v.N != null && decimal.TryParse(v.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : (long?)null;

        public static bool? GetBool(Dictionary<string, AttributeValue> item, string key) => item.TryGetValue(key, out var v) ? v.BOOL : null;
    }
}
