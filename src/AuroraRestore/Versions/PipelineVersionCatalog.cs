using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using AuroraRestore.Common;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// The one place that knows the pipeline versions: one folder per version under Versions/ (embedded in the
    /// module) plus the compatibility matrix. Adding a version means adding a folder and an edge in matrix.json.
    /// </summary>
    public sealed class PipelineVersionCatalog
    {
        public const string UnknownPipelineVersionErrorId = "UnknownPipelineVersion";

        /// <summary>Logical name prefix of the embedded files (see the EmbeddedResource item in AuroraRestore.csproj).</summary>
        internal const string ResourcePrefix = "AuroraRestore.Versions/";

        internal const string MatrixFile = "matrix.json";

        private static readonly Lazy<PipelineVersionCatalog> DefaultCatalog = new Lazy<PipelineVersionCatalog>(LoadEmbedded);

        private PipelineVersionCatalog(IReadOnlyList<PipelineVersionDefinition> versions, CompatibilityMatrix matrix)
        {
            Versions = versions;
            Matrix = matrix;
        }

        /// <summary>The catalog shipped in this module, read once from the embedded files.</summary>
        public static PipelineVersionCatalog Default => DefaultCatalog.Value;

        /// <summary>Every known version, oldest first.</summary>
        public IReadOnlyList<PipelineVersionDefinition> Versions { get; }

        /// <summary>The newest known version: what a new installation gets unless told otherwise.</summary>
        public PipelineVersionDefinition Latest => Versions[Versions.Count - 1];

        public CompatibilityMatrix Matrix { get; }

        /// <summary>
        /// Reads a catalog from its files, keyed by their path under Versions/ ("2.0.0/version.json", "matrix.json").
        /// Everything is checked at once, so a broken folder fails the first use, not a later upgrade.
        /// </summary>
        /// <exception cref="AuroraRestoreException">VersionCatalogInvalid, naming the file and the problem.</exception>
        public static PipelineVersionCatalog FromDocuments(IReadOnlyDictionary<string, string> documents)
        {
            if (documents == null)
            {
                throw new ArgumentNullException(nameof(documents));
            }

            var folders = new SortedDictionary<Version, Dictionary<string, string>>();
            foreach (var document in documents)
            {
                var path = document.Key.Replace('\\', '/');
                var slash = path.IndexOf('/');
                if (slash < 0)
                {
                    if (path != MatrixFile)
                    {
                        throw CatalogDocument.Invalid(path, $"unexpected file (the catalog's top level holds only {MatrixFile} and one folder per version)");
                    }

                    continue;
                }

                var folder = path.Substring(0, slash);
                var file = path.Substring(slash + 1);
                if (!PipelineVersionSpelling.IsExactVersion(folder) || file.Contains('/'))
                {
                    throw CatalogDocument.Invalid(path, "unexpected file (version folders are named like 2.0.0 and hold no subfolders)");
                }

                var key = PipelineVersionSpelling.Parse(folder);
                if (!folders.TryGetValue(key, out var files))
                {
                    folders[key] = files = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                files[file] = document.Value;
            }

            if (folders.Count == 0)
            {
                throw CatalogDocument.Invalid("Versions/", "no version folder");
            }

            var versions = folders.Select(f => PipelineVersionReader.Read(f.Key.ToString(3), f.Value)).ToList();
            if (!documents.TryGetValue(MatrixFile, out var matrixText))
            {
                throw CatalogDocument.Invalid(MatrixFile, "missing");
            }

            return new PipelineVersionCatalog(versions, ReadMatrix(matrixText, versions.Select(v => v.Version).ToList()));
        }

        /// <summary>The version a spelling names: exact ("2.0.0") or the migration guide's family ("2.0.x", "2.0").</summary>
        /// <exception cref="AuroraRestoreException">UnknownPipelineVersion, listing the supported versions.</exception>
        public PipelineVersionDefinition Get(string version)
        {
            if (TryGet(version, out var definition))
            {
                return definition;
            }

            var supported = string.Join(", ", Versions.Select(v => $"{v.Version} ({v.Family})"));
            throw new AuroraRestoreException(
                UnknownPipelineVersionErrorId, FailureCategory.InvalidArgument, version,
                $"'{version}' is not a known pipeline version. Supported versions: {supported}.",
                $"Name one of the supported versions, exactly (for example {Latest.Version}) or by family (for example {Latest.Family}).");
        }

        public bool TryGet(string? version, [MaybeNullWhen(false)] out PipelineVersionDefinition definition)
        {
            var resolved = PipelineVersionSpelling.Resolve(version, Versions.Select(v => v.Version));
            definition = Versions.FirstOrDefault(v => v.Version == resolved);
            return definition != null;
        }

        private static CompatibilityMatrix ReadMatrix(string text, IReadOnlyList<string> versions)
        {
            var document = CatalogDocument.Parse(MatrixFile, text);
            var edges = new List<UpgradeHop>();
            foreach (var entry in document.Array(document.Root, "edges", "matrix.json"))
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw document.Invalid("edges: every entry must be an object");
                }

                var from = document.String(entry, "from", "edge");
                var to = document.String(entry, "to", "edge");
                var where = $"edge {from} -> {to}";
                if (!versions.Contains(from) || !versions.Contains(to))
                {
                    throw document.Invalid($"{where}: both ends must be versions of the catalog ({string.Join(", ", versions)})");
                }

                if (PipelineVersionSpelling.Parse(to) <= PipelineVersionSpelling.Parse(from))
                {
                    throw document.Invalid($"{where}: an edge goes up to a newer version (rollbacks walk edges backwards)");
                }

                if (edges.Any(e => e.From == from && e.To == to))
                {
                    throw document.Invalid($"{where}: listed twice");
                }

                edges.Add(new UpgradeHop(from, to, document.String(entry, "notes", where), document.Boolean(entry, "iam_stack_first", where)));
            }

            return new CompatibilityMatrix(versions, edges);
        }

        private static PipelineVersionCatalog LoadEmbedded()
        {
            var assembly = typeof(PipelineVersionCatalog).Assembly;
            var documents = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
            {
                documents[name.Substring(ResourcePrefix.Length).Replace('\\', '/')] = ReadResource(assembly, name);
            }

            return FromDocuments(documents);
        }

        private static string ReadResource(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Embedded resource {name} vanished.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
