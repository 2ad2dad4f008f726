using System;
using System.Collections.Generic;
using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>Small builders and readers for DynamoDB attribute values, shared by the item transforms.</summary>
    internal static class AttributeValues
    {
        public static AttributeValue S(string value) => new AttributeValue { S = value };

        public static AttributeValue N(long value) => new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };

        public static AttributeValue Bool(bool value) => new AttributeValue { BOOL = value };

        public static AttributeValue Map(Dictionary<string, AttributeValue> entries) => new AttributeValue { M = entries };

        public static AttributeValue EmptyList() => new AttributeValue { L = new List<AttributeValue>() };

        /// <summary>A shallow copy of an item: a new dictionary, the same (never mutated) values.</summary>
        public static Dictionary<string, AttributeValue> Copy(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var copy = new Dictionary<string, AttributeValue>(item.Count + 8, StringComparer.Ordinal);
            foreach (var entry in item)
            {
                copy[entry.Key] = entry.Value;
            }

            return copy;
        }

        public static string? GetS(IReadOnlyDictionary<string, AttributeValue>? map, string name)
            => map != null && map.TryGetValue(name, out var value) ? value.S : null;

        public static bool? GetBool(IReadOnlyDictionary<string, AttributeValue>? map, string name)
            => map != null && map.TryGetValue(name, out var value) ? value.BOOL : null;

        public static Dictionary<string, AttributeValue>? GetM(IReadOnlyDictionary<string, AttributeValue>? map, string name)
            => map != null && map.TryGetValue(name, out var value) ? value.M : null;

        /// <summary>The DynamoDB type name of a value (S, N, B, SS, NS, BS, M, L, NULL, BOOL) for messages.</summary>
        public static string TypeOf(AttributeValue value)
            => value.S != null ? "S"
            : value.N != null ? "N"
            : value.B != null ? "B"
            : value.SS != null ? "SS"
            : value.NS != null ? "NS"
            : value.BS != null ? "BS"
            : value.M != null ? "M"
            : value.L != null ? "L"
            : value.NULL == true ? "NULL"
            : value.BOOL.HasValue ? "BOOL"
            : "none";

        /// <summary>Short text for a key in messages: "operation_id=op-1, timestamp=...".</summary>
        public static string Describe(IReadOnlyDictionary<string, AttributeValue> key)
        {
            var parts = new List<string>(key.Count);
            foreach (var entry in key)
            {
                var value = entry.Value.S ?? entry.Value.N ?? (entry.Value.B != null ? Convert.ToBase64String(entry.Value.B.ToArray()) : TypeOf(entry.Value));
                parts.Add(entry.Key + "=" + value);
            }

            parts.Sort(StringComparer.Ordinal);
            return string.Join(", ", parts);
        }
    }
}
