using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Versions;

namespace AuroraRestore.Tests.Versions
{
    /// <summary>The catalog's files as the module ships them (its embedded resources), for building altered catalogs in tests.</summary>
    internal static class CatalogFiles
    {
        private const string Prefix = "AuroraRestore.Versions/";

        public static Dictionary<string, string> Embedded()
        {
            var assembly = typeof(PipelineVersionCatalog).Assembly;
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                files[name.Substring(Prefix.Length)] = reader.ReadToEnd();
            }

            return files;
        }

        /// <summary>The embedded files with one JSON file changed by <paramref name="edit"/>.</summary>
        public static Dictionary<string, string> With(string path, Action<JsonObject> edit)
        {
            var files = Embedded();
            var json = JsonNode.Parse(files[path])!.AsObject();
            edit(json);
            files[path] = json.ToJsonString();
            return files;
        }
    }
}
