using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AuroraRestore.Common;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// The edges between pipeline versions, declared once, and the paths over them: 1.0→3.0 is 1.0→2.0 then 2.0→3.0,
    /// 3.0→1.0 walks the same edges down. State and audit item formats follow the pipeline's major version; the
    /// configuration document changes format on 2.0→3.0 only.
    /// </summary>
    public sealed class MigrationCatalog
    {
        private static readonly Regex VersionSpelling = new Regex(@"^(?<major>\d{1,3})(\.(?<minor>\d{1,3})(\.(\d{1,6}|[xX]))?)?$", RegexOptions.CultureInvariant);

        public MigrationCatalog(IEnumerable<MigrationEdge> edges)
        {
            Edges = edges.OrderBy(e => e.FromVersion).ToList();
            for (var i = 1; i < Edges.Count; i++)
            {
                if (Edges[i].FromVersion != Edges[i - 1].ToVersion)
                {
                    throw new ArgumentException("Edges must form one chain of adjacent versions.", nameof(edges));
                }
            }
        }

        /// <summary>The module's edges: 1.0↔2.0 and 2.0↔3.0.</summary>
        public static MigrationCatalog Default { get; } = new MigrationCatalog(new[]
        {
            new MigrationEdge(1, 2, new StateV1ToV2Edge(), new AuditV1ToV2Edge(), null),
            new MigrationEdge(2, 3, new StateV2ToV3Edge(), new AuditV2ToV3Edge(), new ConfigurationV1ToV2Edge()),
        });

        public IReadOnlyList<MigrationEdge> Edges { get; }

        public int OldestVersion => Edges[0].FromVersion;

        public int NewestVersion => Edges[Edges.Count - 1].ToVersion;

        /// <summary>
        /// The path between two pipeline versions, spelled "2", "2.0", "2.0.0" or "2.0.x" (formats follow the major version).
        /// </summary>
        /// <exception cref="AuroraRestoreException">UnknownMigrationEdge: a version is unknown or both are the same.</exception>
        public MigrationPath PathBetween(string from, string to)
        {
            var fromVersion = ParseVersion(from, nameof(from));
            var toVersion = ParseVersion(to, nameof(to));
            if (fromVersion == toVersion)
            {
                throw new AuroraRestoreException(
                    MigrationErrorIds.UnknownMigrationEdge, FailureCategory.InvalidArgument, $"{from} -> {to}",
                    $"There is no migration from {from} to {to}: both are pipeline {fromVersion}.0, whose items share one format.",
                    "Pass two different major versions, for example -From 1.0.0 -To 2.0.0.");
            }

            var steps = new List<MigrationStep>();
            if (toVersion > fromVersion)
            {
                steps.AddRange(Edges.Where(e => e.FromVersion >= fromVersion && e.ToVersion <= toVersion).Select(e => new MigrationStep(e, MigrationDirection.Up)));
            }
            else
            {
                steps.AddRange(Edges.Where(e => e.FromVersion >= toVersion && e.ToVersion <= fromVersion).Reverse().Select(e => new MigrationStep(e, MigrationDirection.Down)));
            }

            return new MigrationPath(fromVersion, toVersion, steps);
        }

        private int ParseVersion(string? spelling, string parameter)
        {
            var match = spelling == null ? Match.Empty : VersionSpelling.Match(spelling.Trim());
            if (match.Success)
            {
                var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
                var minorOk = !match.Groups["minor"].Success || int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture) == 0;
                if (minorOk && major >= OldestVersion && major <= NewestVersion)
                {
                    return major;
                }
            }

            var known = string.Join(", ", Enumerable.Range(OldestVersion, NewestVersion - OldestVersion + 1).Select(v => v.ToString(CultureInfo.InvariantCulture) + ".0.0"));
            throw new AuroraRestoreException(
                MigrationErrorIds.UnknownMigrationEdge, FailureCategory.InvalidArgument, spelling,
                $"No migration edge leads {(parameter == "from" ? "from" : "to")} '{spelling}': the known pipeline versions are {known}.",
                $"Pass one of {known} (or its family, such as 2.0.x).");
        }
    }
}
