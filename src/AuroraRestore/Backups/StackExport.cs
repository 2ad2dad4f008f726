using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AuroraRestore.Aws.CloudFormation;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// One stack as a backup set keeps it: the template body exactly as deployed (&lt;kind&gt;-stack.template) and its
    /// description (&lt;kind&gt;-stack.json: parameters with NoEcho values masked, tags, outputs, capabilities).
    /// </summary>
    public static class StackExport
    {
        /// <summary>The template's bytes: the body CloudFormation returned, UTF-8, unchanged.</summary>
        public static byte[] Template(string templateBody) => Encoding.UTF8.GetBytes(templateBody);

        public static byte[] Description(StackDescription stack, string templateBody)
        {
            var noEcho = NoEchoParameters.Read(templateBody);
            var masked = NoEchoParameters.Masked(stack.Parameters, noEcho);
            var document = new JsonObject
            {
                ["stack_name"] = stack.StackName,
                ["stack_id"] = stack.StackId,
                ["stack_status"] = stack.StackStatus,
                ["creation_time"] = Time(stack.CreationTime),
                ["last_updated_time"] = Time(stack.LastUpdatedTime),
                ["capabilities"] = new JsonArray(stack.Capabilities.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
                ["parameters"] = Map(masked),
                ["masked_parameters"] = new JsonArray(stack.Parameters.Keys.Where(k => noEcho == null || noEcho.Contains(k))
                    .OrderBy(k => k, StringComparer.Ordinal).Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()),
                ["tags"] = Map(stack.Tags),
                ["outputs"] = Map(stack.Outputs),
            };
            return BackupJson.Serialize(document);
        }

        private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var map = new JsonObject();
            foreach (var pair in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                map[pair.Key] = pair.Value;
            }

            return map;
        }

        private static JsonNode? Time(DateTimeOffset? time)
            => time.HasValue ? JsonValue.Create(time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) : null;
    }
}
