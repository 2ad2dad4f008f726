using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using AuroraRestore.Common;

namespace AuroraRestore.Cmdlets
{
    /// <summary>PowerShell values given for configuration keys (-ConfigurationOverride), as JSON values.</summary>
    internal static class ConfigurationValues
    {
        /// <summary>A PowerShell value as the JSON value of a configuration key (strings, numbers, booleans, arrays).</summary>
        public static JsonNode? ToJson(object? value)
        {
            var unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (unwrapped)
            {
                case null:
                    return null;
                case string text:
                    return JsonValue.Create(text);
                case bool flag:
                    return JsonValue.Create(flag);
                case SwitchParameter flag:
                    return JsonValue.Create(flag.IsPresent);
                case int or long or short or byte:
                    return JsonValue.Create(System.Convert.ToInt64(unwrapped, System.Globalization.CultureInfo.InvariantCulture));
                case double or float or decimal:
                    return JsonValue.Create(System.Convert.ToDecimal(unwrapped, System.Globalization.CultureInfo.InvariantCulture));
                case IEnumerable items:
                    return new JsonArray(items.Cast<object?>().Select(ToJson).ToArray());
                default:
                    throw new AuroraRestoreException(
                        "InvalidConfigurationOverride", FailureCategory.InvalidArgument, unwrapped,
                        $"A configuration value cannot be a {unwrapped.GetType().Name}.",
                        "Use strings, numbers, $true/$false or arrays of strings (docs/formats/configuration.md).");
            }
        }
    }
}
