using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuroraRestore.Versions
{
    /// <summary>Reads one version folder (version.json, schema.json, alarms.json and the two templates) into a definition, strictly.</summary>
    internal static class PipelineVersionReader
    {
        public const string VersionFile = "version.json";
        public const string SchemaFile = "schema.json";
        public const string AlarmsFile = "alarms.json";
        public const string IamTemplateFile = "iam.template.json";
        public const string MainTemplateFile = "main.template.json";

        public static readonly IReadOnlyList<string> Files = new[] { VersionFile, SchemaFile, AlarmsFile, IamTemplateFile, MainTemplateFile };

        private static readonly Regex FunctionName = new Regex("^[a-z][a-z0-9-]{0,40}$", RegexOptions.CultureInvariant);
        private static readonly Regex AlarmSuffix = new Regex("^[a-z][a-z0-9-]{0,60}$", RegexOptions.CultureInvariant);
        private static readonly HashSet<string> Statistics = new HashSet<string> { "SampleCount", "Average", "Sum", "Minimum", "Maximum" };
        private static readonly HashSet<string> Comparisons = new HashSet<string> { "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold" };
        private static readonly HashSet<string> MissingData = new HashSet<string> { "breaching", "notBreaching", "ignore", "missing" };

        /// <param name="version">The folder name, e.g. 2.0.0.</param>
        /// <param name="files">File name to content, for the files of that folder.</param>
        public static PipelineVersionDefinition Read(string version, IReadOnlyDictionary<string, string> files)
        {
            foreach (var name in files.Keys.Where(n => !Files.Contains(n)))
            {
                throw CatalogDocument.Invalid($"{version}/{name}", $"unexpected file (a version folder holds exactly {string.Join(", ", Files)})");
            }

            foreach (var name in Files.Where(n => !files.ContainsKey(n)))
            {
                throw CatalogDocument.Invalid($"{version}/{name}", "missing");
            }

            var manifest = CatalogDocument.Parse($"{version}/{VersionFile}", files[VersionFile]);
            CheckVersion(manifest, version);
            var formats = manifest.Object(manifest.Root, "formats", "version.json");
            var functions = ReadFunctions(manifest);
            var notes = manifest.String(manifest.Root, "notes", "version.json");
            var breaking = manifest.Array(manifest.Root, "breaking_changes", "version.json")
                .Select(e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0 ? e.GetString()! : throw manifest.Invalid("breaking_changes: every entry must be a non-empty string"))
                .ToList();

            var schema = CatalogDocument.Parse($"{version}/{SchemaFile}", files[SchemaFile]);
            CheckVersion(schema, version);
            var tables = schema.Object(schema.Root, "tables", "schema.json");

            var alarmsDocument = CatalogDocument.Parse($"{version}/{AlarmsFile}", files[AlarmsFile]);
            CheckVersion(alarmsDocument, version);
            var alarms = ReadAlarms(alarmsDocument, functions.Select(f => f.Name).ToList());

            var iamTemplate = CatalogDocument.Parse($"{version}/{IamTemplateFile}", files[IamTemplateFile]);
            var mainTemplate = CatalogDocument.Parse($"{version}/{MainTemplateFile}", files[MainTemplateFile]);

            return new PipelineVersionDefinition(
                version,
                files[IamTemplateFile],
                files[MainTemplateFile],
                ReadTemplate(iamTemplate, version),
                ReadTemplate(mainTemplate, version),
                functions,
                ReadTable(schema, tables, "state"),
                ReadTable(schema, tables, "audit"),
                alarms,
                manifest.PositiveInt(formats, "state", "formats"),
                manifest.PositiveInt(formats, "audit", "formats"),
                manifest.PositiveInt(formats, "sns", "formats"),
                manifest.PositiveInt(formats, "configuration", "formats"),
                notes,
                breaking);
        }

        private static void CheckVersion(CatalogDocument document, string version)
        {
            var declared = document.String(document.Root, "version", "document");
            if (declared != version)
            {
                throw document.Invalid($"'version' is '{declared}' but the folder is {version}");
            }
        }

        private static List<LambdaFunctionDefinition> ReadFunctions(CatalogDocument manifest)
        {
            var functions = new List<LambdaFunctionDefinition>();
            foreach (var entry in manifest.Array(manifest.Root, "functions", "version.json"))
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw manifest.Invalid("functions: every entry must be an object");
                }

                var name = manifest.String(entry, "name", "functions");
                var where = $"function '{name}'";
                if (!FunctionName.IsMatch(name) || functions.Any(f => f.Name == name))
                {
                    throw manifest.Invalid($"{where}: names must be unique, lower-case letters, digits and hyphens");
                }

                var runtime = manifest.String(entry, "runtime", where);
                if (!LambdaRuntimeLifecycle.TryGet(runtime, out _))
                {
                    throw manifest.Invalid($"{where}: runtime '{runtime}' has no lifecycle dates (LambdaRuntimeLifecycle knows {string.Join(", ", LambdaRuntimeLifecycle.Known.Select(r => r.Runtime))}); add AWS's dates for it there first");
                }

                functions.Add(new LambdaFunctionDefinition(
                    name,
                    manifest.String(entry, "handler", where),
                    runtime,
                    manifest.PositiveInt(entry, "memory_size", where),
                    manifest.PositiveInt(entry, "timeout", where)));
            }

            if (functions.Count == 0)
            {
                throw manifest.Invalid("functions: a pipeline has at least one function");
            }

            return functions;
        }

        private static TableSchemaDefinition ReadTable(CatalogDocument schema, JsonElement tables, string table)
        {
            var where = $"table '{table}'";
            var definition = schema.Object(tables, table, "tables");
            var indexes = new List<IndexDefinition>();
            foreach (var entry in schema.Array(definition, "indexes", where))
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw schema.Invalid($"{where}: every index must be an object");
                }

                var name = schema.String(entry, "name", where);
                var indexWhere = $"{where}, index '{name}'";
                if (indexes.Any(i => i.Name == name))
                {
                    throw schema.Invalid($"{indexWhere}: index names must be unique");
                }

                var projection = schema.OptionalString(entry, "projection_type", indexWhere) ?? IndexDefinition.ProjectAll;
                if (!IndexDefinition.IsValidProjectionType(projection))
                {
                    throw schema.Invalid($"{indexWhere}: projection_type must be ALL or KEYS_ONLY, not '{projection}'");
                }

                indexes.Add(new IndexDefinition(name, ReadKey(schema, entry, "hash_key", indexWhere)!, ReadKey(schema, entry, "range_key", indexWhere), projection));
            }

            return new TableSchemaDefinition(ReadKey(schema, definition, "hash_key", where)!, ReadKey(schema, definition, "range_key", where), indexes);
        }

        private static KeyAttribute? ReadKey(CatalogDocument schema, JsonElement parent, string key, string where)
        {
            if (key == "range_key" && !parent.TryGetProperty(key, out _))
            {
                return null;
            }

            var element = schema.Object(parent, key, where);
            var type = schema.String(element, "type", $"{where}, {key}");
            if (!KeyAttribute.IsValidType(type))
            {
                throw schema.Invalid($"{where}, {key}: type must be S, N or B, not '{type}'");
            }

            return new KeyAttribute(schema.String(element, "name", $"{where}, {key}"), type);
        }

        private static List<AlarmDefinition> ReadAlarms(CatalogDocument document, IReadOnlyCollection<string> functions)
        {
            var alarms = new List<AlarmDefinition>();
            foreach (var entry in document.Array(document.Root, "alarms", "alarms.json"))
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw document.Invalid("alarms: every entry must be an object");
                }

                var suffix = document.String(entry, "suffix", "alarms");
                var where = $"alarm '{suffix}'";
                if (!AlarmSuffix.IsMatch(suffix) || alarms.Any(a => a.Suffix == suffix))
                {
                    throw document.Invalid($"{where}: suffixes must be unique, lower-case letters, digits and hyphens");
                }

                var dimensions = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
                foreach (var dimension in document.Object(entry, "dimensions", where).EnumerateObject())
                {
                    dimensions[dimension.Name] = dimension.Value.ValueKind == JsonValueKind.String
                        ? dimension.Value.GetString()!
                        : throw document.Invalid($"{where}: dimension '{dimension.Name}' must be a string");
                }

                var alarm = new AlarmDefinition(
                    suffix,
                    document.String(entry, "description", where),
                    document.String(entry, "namespace", where),
                    document.String(entry, "metric_name", where),
                    OneOf(document, entry, "statistic", where, Statistics),
                    document.PositiveInt(entry, "period", where),
                    document.PositiveInt(entry, "evaluation_periods", where),
                    document.Number(entry, "threshold", where),
                    OneOf(document, entry, "comparison_operator", where, Comparisons),
                    OneOf(document, entry, "treat_missing_data", where, MissingData),
                    dimensions);
                var problem = alarm.FindTemplateProblem(functions);
                if (problem != null)
                {
                    throw document.Invalid(problem);
                }

                alarms.Add(alarm);
            }

            return alarms;
        }

        private static string OneOf(CatalogDocument document, JsonElement parent, string key, string where, HashSet<string> allowed)
        {
            var value = document.String(parent, key, where);
            if (!allowed.Contains(value))
            {
                throw document.Invalid($"{where}: '{key}' must be one of {string.Join(", ", allowed)}, not '{value}'");
            }

            return value;
        }

        /// <summary>Checks the contract every template keeps (a PipelineVersion output equal to the folder) and reads its parameters.</summary>
        private static List<TemplateParameter> ReadTemplate(CatalogDocument template, string version)
        {
            template.Object(template.Root, "Resources", "template");
            var outputs = template.Object(template.Root, "Outputs", "template");
            var versionOutput = template.Object(outputs, PipelineStackOutputs.PipelineVersion, "Outputs");
            if (!versionOutput.TryGetProperty("Value", out var value) || value.ValueKind != JsonValueKind.String || value.GetString() != version)
            {
                throw template.Invalid($"output {PipelineStackOutputs.PipelineVersion} must be the literal '{version}'");
            }

            var parameters = new List<TemplateParameter>();
            foreach (var parameter in template.Object(template.Root, "Parameters", "template").EnumerateObject())
            {
                var where = $"parameter '{parameter.Name}'";
                string? defaultValue = null;
                if (parameter.Value.TryGetProperty("Default", out var declaredDefault))
                {
                    defaultValue = declaredDefault.ValueKind == JsonValueKind.String
                        ? declaredDefault.GetString()
                        : throw template.Invalid($"{where}: Default must be a string");
                }

                var noEcho = parameter.Value.TryGetProperty("NoEcho", out _) && template.Boolean(parameter.Value, "NoEcho", where);
                parameters.Add(new TemplateParameter(parameter.Name, defaultValue, noEcho));
            }

            return parameters;
        }
    }
}
