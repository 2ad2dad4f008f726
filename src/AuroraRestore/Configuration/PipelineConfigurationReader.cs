using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuroraRestore.Common;

namespace AuroraRestore.Configuration
{
    /// <summary>
    /// The strict reading of a configuration document: every rule of docs/formats/configuration.md, checked before
    /// anything uses the document, each failure naming the key so the user can fix the file at once.
    /// </summary>
    internal sealed class PipelineConfigurationReader
    {
        private static readonly Regex RegionName = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant);

        // RDS identifiers: a letter first, then letters, digits and single hyphens, no hyphen at the end, 1-63 characters.
        private static readonly Regex ClusterId = new Regex("^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$", RegexOptions.CultureInvariant);
        private static readonly Regex SnapshotPrefixPattern = new Regex("^[A-Za-z0-9:-]{1,255}$", RegexOptions.CultureInvariant);
        private static readonly Regex SubnetGroup = new Regex("^[A-Za-z0-9 ._-]{1,255}$", RegexOptions.CultureInvariant);
        private static readonly Regex SecurityGroup = new Regex("^sg-[0-9a-f]{8,17}$", RegexOptions.CultureInvariant);
        private static readonly Regex InstanceClass = new Regex(@"^db\.[a-z0-9]+\.[a-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex SecretId = new Regex("^[A-Za-z0-9/_+=.@:-]{1,2048}$", RegexOptions.CultureInvariant);
        private static readonly Regex DatabaseIdentifier = new Regex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant);
        private static readonly Regex Namespace = new Regex("^[A-Za-z0-9 ._/#:-]{1,255}$", RegexOptions.CultureInvariant);

        private static readonly string[] Engines = { "aurora-postgresql", "aurora-mysql" };
        private static readonly string[] NotificationDetails = { "full", "summary" };

        private readonly Dictionary<string, JsonElement> values;

        private PipelineConfigurationReader(int format, Dictionary<string, JsonElement> values)
        {
            Format = format;
            this.values = values;
        }

        public int Format { get; }

        public static PipelineConfigurationReader Open(string json, int expectedFormat)
        {
            if (!ConfigurationKeys.SupportedFormats.Contains(expectedFormat))
            {
                throw new AuroraRestoreException(
                    PipelineConfiguration.FormatUnsupportedErrorId, FailureCategory.InvalidArgument, expectedFormat,
                    $"Configuration format {expectedFormat} is not supported (supported: {string.Join(", ", ConfigurationKeys.SupportedFormats)}).",
                    "Ask for the configuration format of the pipeline version (PipelineVersionDefinition.ConfigFormat).");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json ?? string.Empty, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            }
            catch (JsonException ex)
            {
                var line = (ex.LineNumber ?? 0) + 1;
                var position = (ex.BytePositionInLine ?? 0) + 1;
                throw new AuroraRestoreException(
                    PipelineConfiguration.MalformedErrorId, FailureCategory.InvalidData, $"line {line}, position {position}",
                    $"The configuration is not valid JSON (line {line}, position {position}): {ex.Message}",
                    "Fix the JSON syntax at that place (a JSON validator shows it too); comments and trailing commas are not allowed.",
                    ex);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid("(document)", $"The configuration must be a JSON object, not {Describe(root)}.");
                }

                var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in root.EnumerateObject())
                {
                    if (values.ContainsKey(property.Name))
                    {
                        throw Invalid(property.Name, $"Key '{property.Name}' appears twice: only one value can apply.");
                    }

                    values[property.Name] = property.Value.Clone();
                }

                CheckFormatVersion(values, expectedFormat);
                var known = ConfigurationKeys.For(expectedFormat);
                foreach (var key in values.Keys)
                {
                    if (key != ConfigurationKeys.DownMigrationData && !known.Contains(key))
                    {
                        var hint = ConfigurationKeys.For(2).Contains(key)
                            ? $" '{key}' belongs to configuration format 2 (pipeline 3.0.x); this document is format {expectedFormat}."
                            : $" Known keys: {string.Join(", ", known)}.";
                        throw Invalid(key, $"Unknown key '{key}': a misspelt key would silently do nothing.{hint}");
                    }
                }

                foreach (var key in ConfigurationKeys.Required.Where(k => !values.ContainsKey(k)))
                {
                    throw Invalid(key, $"Required key '{key}' is missing.");
                }

                return new PipelineConfigurationReader(expectedFormat, values);
            }
        }

        public static AuroraRestoreException Invalid(string key, string message)
            => new AuroraRestoreException(
                PipelineConfiguration.InvalidErrorId, FailureCategory.InvalidData, key, message,
                $"Correct '{key}' in the configuration document (docs/formats/configuration.md lists every key, its type and range).");

        public bool Has(string key) => values.ContainsKey(key);

        public string? OptionalString(string key, Regex pattern, string rule)
        {
            if (!values.TryGetValue(key, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(key, $"'{key}' must be a string, not {Describe(value)}.");
            }

            var text = value.GetString()!;
            if (!pattern.IsMatch(text))
            {
                throw Invalid(key, $"'{key}' is '{text}': {rule}.");
            }

            return text;
        }

        public string String(string key, Regex pattern, string rule, string defaultValue)
            => OptionalString(key, pattern, rule) ?? defaultValue;

        public string Region(string key, string? defaultValue)
            => OptionalString(key, RegionName, "it must be an AWS region name such as us-east-1") ?? defaultValue!;

        public string ClusterIdentifier(string key)
            => OptionalString(key, ClusterId, "it must be an RDS cluster identifier: 1-63 letters, digits or hyphens, starting with a letter, without a trailing or double hyphen")!;

        public string SnapshotPrefix(string defaultValue)
            => String(ConfigurationKeys.SnapshotPrefix, SnapshotPrefixPattern, "it must be 1-255 letters, digits, hyphens or colons (for example rds:my-cluster-)", defaultValue);

        public string? SubnetGroupName()
            => OptionalString(ConfigurationKeys.DbSubnetGroupName, SubnetGroup, "it must be an RDS subnet group name: 1-255 letters, digits, spaces, periods, underscores or hyphens");

        public string InstanceClassName(string defaultValue)
            => String(ConfigurationKeys.DbInstanceClass, InstanceClass, "it must be an instance class such as db.r6g.large", defaultValue);

        public string? Secret(string key)
            => OptionalString(key, SecretId, "it must be a Secrets Manager secret name or ARN (never a secret value)");

        public string? KmsKey()
            => OptionalString(ConfigurationKeys.KmsKeyId, SecretId, "it must be a KMS key id, alias or ARN");

        public string DatabaseName(string defaultValue)
            => String(ConfigurationKeys.DatabaseName, DatabaseIdentifier, "it must be a database name: a letter or underscore, then letters, digits or underscores, at most 63 characters", defaultValue);

        public string MetricsNamespace(string defaultValue)
        {
            var value = String(ConfigurationKeys.MetricsNamespace, Namespace, "it must be a CloudWatch namespace: 1-255 letters, digits, spaces or . _ / # : -", defaultValue);
            if (value.StartsWith("AWS/", StringComparison.Ordinal))
            {
                throw Invalid(ConfigurationKeys.MetricsNamespace, $"'{ConfigurationKeys.MetricsNamespace}' is '{value}': namespaces starting with AWS/ are reserved for AWS services.");
            }

            return value;
        }

        public string OneOf(string key, string[] allowed, string defaultValue)
        {
            if (!values.TryGetValue(key, out var value))
            {
                return defaultValue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(key, $"'{key}' must be a string, not {Describe(value)}.");
            }

            var text = value.GetString()!;
            if (!allowed.Contains(text))
            {
                throw Invalid(key, $"'{key}' is '{text}': it must be one of {string.Join(", ", allowed)}.");
            }

            return text;
        }

        public string Engine(string defaultValue) => OneOf(ConfigurationKeys.Engine, Engines, defaultValue);

        public string NotificationDetail(string defaultValue) => OneOf(ConfigurationKeys.NotificationDetail, NotificationDetails, defaultValue);

        public int Integer(string key, int minimum, int maximum, int defaultValue)
        {
            if (!values.TryGetValue(key, out var value))
            {
                return defaultValue;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                throw Invalid(key, $"'{key}' must be a number, not {Describe(value)}.");
            }

            if (!value.TryGetInt32(out var number))
            {
                throw Invalid(key, $"'{key}' is {value.GetRawText()}: it must be a whole number from {minimum} to {maximum}.");
            }

            if (number < minimum || number > maximum)
            {
                throw Invalid(key, $"'{key}' is {number}: it must be from {minimum} to {maximum}.");
            }

            return number;
        }

        public bool Boolean(string key, bool defaultValue)
        {
            if (!values.TryGetValue(key, out var value))
            {
                return defaultValue;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(key, $"'{key}' must be true or false, not {Describe(value)}."),
            };
        }

        public IReadOnlyList<string> SecurityGroupIds()
        {
            const string key = ConfigurationKeys.VpcSecurityGroupIds;
            if (!values.TryGetValue(key, out var value))
            {
                return Array.Empty<string>();
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(key, $"'{key}' must be an array of strings, not {Describe(value)}.");
            }

            var ids = new List<string>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(key, $"'{key}' must be an array of strings; it holds {Describe(item)}.");
                }

                var id = item.GetString()!;
                if (!SecurityGroup.IsMatch(id))
                {
                    throw Invalid(key, $"'{key}' holds '{id}': security group ids look like sg-0123456789abcdef0.");
                }

                if (ids.Contains(id))
                {
                    throw Invalid(key, $"'{key}' holds '{id}' twice.");
                }

                ids.Add(id);
            }

            return ids;
        }

        public JsonElement? DownMigrationData()
        {
            const string key = ConfigurationKeys.DownMigrationData;
            if (!values.TryGetValue(key, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(key, $"'{key}' is reserved for down-conversions and must be an object, not {Describe(value)}.");
            }

            return value;
        }

        private static void CheckFormatVersion(Dictionary<string, JsonElement> values, int expectedFormat)
        {
            const string key = ConfigurationKeys.FormatVersion;
            if (!values.TryGetValue(key, out var value))
            {
                throw Invalid(key, $"Required key '{key}' is missing (this pipeline version reads configuration format {expectedFormat}).");
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var format))
            {
                throw Invalid(key, $"'{key}' must be the whole number {expectedFormat}, not {Describe(value)}.");
            }

            if (format != expectedFormat)
            {
                throw Invalid(key, $"'{key}' is {format} but this pipeline version reads configuration format {expectedFormat}: convert the document first (or pick the matching pipeline version).");
            }
        }

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string {value.GetRawText()}",
            JsonValueKind.Number => $"the number {value.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
            JsonValueKind.Null => "null (omit the key to use its default)",
            _ => value.ValueKind.ToString(),
        };
    }
}
