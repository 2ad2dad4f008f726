using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Which stack parameters are secrets, read from the template's Parameters section (NoEcho: true). AWS masks those
    /// values in DescribeStacks, but moto (and anything else that echoes them) does not, so an export never relies on it.
    /// </summary>
    public static class NoEchoParameters
    {
        public const string Mask = "****";

        /// <returns>
        /// The NoEcho parameter names, or null when the template is not JSON (a YAML template of an existing install):
        /// then no parameter can be proved harmless and the caller masks them all.
        /// </returns>
        public static ISet<string>? Read(string templateBody)
        {
            JsonObject? template;
            try
            {
                template = JsonNode.Parse(templateBody) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }

            if (template == null)
            {
                return null;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            if (template["Parameters"] is JsonObject parameters)
            {
                foreach (var parameter in parameters)
                {
                    if (parameter.Value is JsonObject declaration && IsTrue(declaration["NoEcho"]))
                    {
                        names.Add(parameter.Key);
                    }
                }
            }

            return names;
        }

        /// <summary>The parameters with every secret (or, for an unreadable template, every value) replaced by <see cref="Mask"/>.</summary>
        public static IReadOnlyDictionary<string, string> Masked(IDictionary<string, string> parameters, ISet<string>? noEcho)
            => parameters.ToDictionary(p => p.Key, p => noEcho == null || noEcho.Contains(p.Key) ? Mask : p.Value, StringComparer.Ordinal);

        // CloudFormation accepts NoEcho as a boolean or as the string "true" (any case).
        private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => string.Equals(value.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
