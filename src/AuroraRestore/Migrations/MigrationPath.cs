using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AuroraRestore.Migrations
{
    /// <summary>The ordered hops from one pipeline version to another (one or more, all up or all down).</summary>
    public sealed class MigrationPath
    {
        public MigrationPath(int fromVersion, int toVersion, IReadOnlyList<MigrationStep> steps)
        {
            FromVersion = fromVersion;
            ToVersion = toVersion;
            Steps = steps;
        }

        public int FromVersion { get; }

        public int ToVersion { get; }

        public IReadOnlyList<MigrationStep> Steps { get; }

        public MigrationDirection Direction => ToVersion > FromVersion ? MigrationDirection.Up : MigrationDirection.Down;

        /// <summary>Every version the path passes through, in order (for 1→3: 1, 2, 3).</summary>
        public IReadOnlyList<int> Versions => new[] { FromVersion }.Concat(Steps.Select(s => s.ToVersion)).ToList();

        /// <summary>A stable name for checkpoints and logs: "1-3".</summary>
        public string Id => FromVersion.ToString(CultureInfo.InvariantCulture) + "-" + ToVersion.ToString(CultureInfo.InvariantCulture);

        public override string ToString() => $"{FromVersion}.0 -> {ToVersion}.0";
    }
}
