using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// The migration guide's compatibility matrix as data (matrix.json): the direct upgrades between pipeline
    /// versions. Longer upgrades walk several edges (1.0→3.0 goes through 2.0); a rollback walks a path backwards.
    /// </summary>
    public sealed class CompatibilityMatrix
    {
        public const string UnsupportedUpgradePathErrorId = "UnsupportedUpgradePath";
        public const string UnsupportedRollbackPathErrorId = "UnsupportedRollbackPath";

        private readonly IReadOnlyList<string> versions;

        public CompatibilityMatrix(IEnumerable<string> knownVersions, IEnumerable<UpgradeHop> edges)
        {
            versions = knownVersions.OrderBy(PipelineVersionSpelling.Parse).ToList();
            Edges = edges.ToList();
        }

        /// <summary>The direct upgrades, as matrix.json lists them.</summary>
        public IReadOnlyList<UpgradeHop> Edges { get; }

        /// <summary>
        /// The hops that take a pipeline from <paramref name="from"/> up to <paramref name="to"/> (versions spelled
        /// "2.0.0", "2.0.x" or "2.0"): empty when they are the same version; several when only a multi-hop path exists.
        /// </summary>
        /// <exception cref="AuroraRestoreException">UnsupportedUpgradePath: unknown version, a downgrade, no path, or a multi-hop path when <paramref name="allowMultiHop"/> is false.</exception>
        public IReadOnlyList<UpgradeHop> PathBetween(string from, string to, bool allowMultiHop = true)
        {
            var target = $"{from} -> {to}";
            var source = PipelineVersionSpelling.Resolve(from, versions);
            var destination = PipelineVersionSpelling.Resolve(to, versions);
            if (source == null || destination == null)
            {
                var unknown = source == null ? from : to;
                throw Unsupported(target, $"'{unknown}' is not a known pipeline version (known: {string.Join(", ", versions)}).");
            }

            if (source == destination)
            {
                return Array.Empty<UpgradeHop>();
            }

            if (PipelineVersionSpelling.Parse(destination) < PipelineVersionSpelling.Parse(source))
            {
                throw Unsupported(target, $"{source} -> {destination} is a downgrade, not an upgrade: roll back instead.");
            }

            var path = ShortestPath(source, destination);
            if (path == null)
            {
                throw Unsupported(target, $"There is no upgrade path from {source} to {destination}.");
            }

            if (path.Count > 1 && !allowMultiHop)
            {
                var via = string.Join(" -> ", new[] { source }.Concat(path.Select(h => h.To)));
                throw Unsupported(
                    target,
                    $"{source} -> {destination} is not a direct upgrade: must upgrade to {PipelineVersionSpelling.FamilyOf(path[0].To)} first ({via}).");
            }

            return path;
        }

        /// <summary>
        /// The hops that take a pipeline back from <paramref name="from"/> down to <paramref name="to"/>: an upgrade
        /// path walked backwards (3.0→1.0 gives 3.0→2.0 and 2.0→1.0), with each edge's notes.
        /// </summary>
        /// <exception cref="AuroraRestoreException">UnsupportedRollbackPath: unknown version, an upgrade, or no path.</exception>
        public IReadOnlyList<UpgradeHop> RollbackPathBetween(string from, string to)
        {
            var target = $"{from} -> {to}";
            var source = PipelineVersionSpelling.Resolve(from, versions);
            var destination = PipelineVersionSpelling.Resolve(to, versions);
            if (source == null || destination == null)
            {
                var unknown = source == null ? from : to;
                throw UnsupportedRollback(target, $"'{unknown}' is not a known pipeline version (known: {string.Join(", ", versions)}).");
            }

            if (source == destination)
            {
                return Array.Empty<UpgradeHop>();
            }

            if (PipelineVersionSpelling.Parse(destination) > PipelineVersionSpelling.Parse(source))
            {
                throw UnsupportedRollback(target, $"{source} -> {destination} is an upgrade, not a rollback.");
            }

            var path = ShortestPath(destination, source);
            if (path == null)
            {
                throw UnsupportedRollback(target, $"There is no path between {destination} and {source} to roll back along.");
            }

            return path.AsEnumerable().Reverse().Select(h => h.Reversed()).ToList();
        }

        /// <summary>Every supported upgrade, one line each: direct edges with their notes, then the multi-hop paths.</summary>
        public IReadOnlyList<string> DescribeSupportedPaths()
        {
            var lines = Edges.Select(e => $"{e.From} -> {e.To} (direct: {e.Notes})").ToList();
            foreach (var from in versions)
            {
                foreach (var to in versions.Where(v => PipelineVersionSpelling.Parse(v) > PipelineVersionSpelling.Parse(from)))
                {
                    var path = ShortestPath(from, to);
                    if (path != null && path.Count > 1)
                    {
                        lines.Add($"{from} -> {to} (through {string.Join(", ", path.Take(path.Count - 1).Select(h => h.To))})");
                    }
                }
            }

            return lines;
        }

        /// <summary>Breadth-first over the edges: the path with the fewest hops, or null.</summary>
        private List<UpgradeHop>? ShortestPath(string source, string destination)
        {
            var cameBy = new Dictionary<string, UpgradeHop>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            queue.Enqueue(source);
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                if (current == destination)
                {
                    var path = new List<UpgradeHop>();
                    for (var at = destination; at != source; at = cameBy[at].From)
                    {
                        path.Insert(0, cameBy[at]);
                    }

                    return path;
                }

                foreach (var edge in Edges.Where(e => e.From == current))
                {
                    if (edge.To != source && !cameBy.ContainsKey(edge.To))
                    {
                        cameBy[edge.To] = edge;
                        queue.Enqueue(edge.To);
                    }
                }
            }

            return null;
        }

        private AuroraRestoreException Unsupported(string target, string problem)
            => new AuroraRestoreException(
                UnsupportedUpgradePathErrorId, FailureCategory.InvalidOperation, target,
                problem + " Supported upgrade paths: " + string.Join("; ", DescribeSupportedPaths()) + ".",
                "Choose a target version on a supported path; when the path has several hops, upgrade one hop at a time or allow a multi-hop upgrade.");

        private AuroraRestoreException UnsupportedRollback(string target, string problem)
            => new AuroraRestoreException(
                UnsupportedRollbackPathErrorId, FailureCategory.InvalidOperation, target,
                problem + " Supported upgrade paths (a rollback walks one backwards): " + string.Join("; ", DescribeSupportedPaths()) + ".",
                "Roll back to a version the pipeline was upgraded from, along a supported path.");
    }
}
