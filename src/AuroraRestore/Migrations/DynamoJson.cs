using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>Items as DynamoDB JSON (<c>{"name": {"S": "value"}}</c>, what the AWS CLI prints), attributes sorted, for samples and messages.</summary>
    public static class DynamoJson
    {
        public static string Write(IReadOnlyDictionary<string, AttributeValue> item)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                WriteMap(writer, item);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void WriteMap(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, AttributeValue>> map)
        {
            writer.WriteStartObject();
            foreach (var entry in map.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(entry.Key);
                WriteValue(writer, entry.Value);
            }

            writer.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter writer, AttributeValue value)
        {
            writer.WriteStartObject();
            if (value.S != null)
            {
                writer.WriteString("S", value.S);
            }
            else if (value.N != null)
            {
                writer.WriteString("N", value.N);
            }
            else if (value.B != null)
            {
                writer.WriteString("B", Convert.ToBase64String(value.B.ToArray()));
            }
            else if (value.SS != null)
            {
                WriteStrings(writer, "SS", value.SS);
            }
            else if (value.NS != null)
            {
                WriteStrings(writer, "NS", value.NS);
            }
            else if (value.BS != null)
            {
                WriteStrings(writer, "BS", value.BS.Select(b => Convert.ToBase64String(b.ToArray())));
            }
            else if (value.M != null)
            {
                writer.WritePropertyName("M");
                WriteMap(writer, value.M);
            }
            else if (value.L != null)
            {
                writer.WriteStartArray("L");
                foreach (var element in value.L)
                {
                    WriteValue(writer, element);
                }

                writer.WriteEndArray();
            }
            else if (value.NULL == true)
            {
                writer.WriteBoolean("NULL", true);
            }
            else if (value.BOOL.HasValue)
            {
                writer.WriteBoolean("BOOL", value.BOOL.Value);
            }

            writer.WriteEndObject();
        }

        private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }
    }
}
