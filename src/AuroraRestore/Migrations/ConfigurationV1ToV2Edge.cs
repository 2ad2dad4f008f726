using System.Text.Json.Nodes;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Configuration format 1 ↔ 2 (pipeline 2.0 ↔ 3.0). Up adds the five new keys with their documented defaults (or
    /// the values a down conversion kept); down removes them, keeping in <see cref="ReservedKey"/> each value that is
    /// not the default, and null for each key the format 2 document left out, so up(down(d)) = d and down(up(d)) = d.
    /// </summary>
    public sealed class ConfigurationV1ToV2Edge : ConfigurationEdge
    {
        public const string ReservedKey = "_ar_down";

        public ConfigurationV1ToV2Edge()
            : base(1, 2)
        {
        }

        public override JsonObject Up(JsonObject document)
        {
            ConfigurationSchema.Validate(document, 1);
            var newer = (JsonObject)document.DeepClone();
            var kept = newer[ReservedKey] as JsonObject;
            newer.Remove(ReservedKey);
            newer[ConfigurationSchema.FormatKey] = 2;
            foreach (var key in ConfigurationSchema.Format2AddedKeys)
            {
                if (kept != null && kept.TryGetPropertyValue(key.Name, out var value))
                {
                    if (value != null)
                    {
                        newer[key.Name] = value.DeepClone();
                    }
                }
                else
                {
                    newer[key.Name] = key.Default!.DeepClone();
                }
            }

            return newer;
        }

        public override JsonObject Down(JsonObject document)
        {
            ConfigurationSchema.Validate(document, 2);
            var older = (JsonObject)document.DeepClone();
            older[ConfigurationSchema.FormatKey] = 1;
            var kept = new JsonObject();
            foreach (var key in ConfigurationSchema.Format2AddedKeys)
            {
                if (!older.TryGetPropertyValue(key.Name, out var value))
                {
                    kept[key.Name] = null;
                    continue;
                }

                older.Remove(key.Name);
                if (!JsonNode.DeepEquals(value, key.Default))
                {
                    kept[key.Name] = value!.DeepClone();
                }
            }

            if (kept.Count > 0)
            {
                older[ReservedKey] = kept;
            }

            return older;
        }
    }
}
