using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuroraRestore.Backups
{
    /// <summary>How every JSON file of a backup set is written: UTF-8 without BOM, two-space indentation, \n line endings.</summary>
    internal static class BackupJson
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions
        {
            Indented = true,
            // Templates and ARNs keep their characters readable (no \u002B for '+'); the files are data, never HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static byte[] Serialize(JsonNode node)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Options))
            {
                node.WriteTo(writer);
            }

            // Utf8JsonWriter on .NET 8 ends lines with Environment.NewLine: normalise so a set hashes the same on every OS.
            var text = Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
