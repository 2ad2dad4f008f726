namespace AuroraRestore.Migrations
{
    /// <summary>An edge walked in one direction: one hop of a <see cref="MigrationPath"/>.</summary>
    public sealed class MigrationStep
    {
        public MigrationStep(MigrationEdge edge, MigrationDirection direction)
        {
            Edge = edge;
            Direction = direction;
        }

        public MigrationEdge Edge { get; }

        public MigrationDirection Direction { get; }

        public int FromVersion => Direction == MigrationDirection.Up ? Edge.FromVersion : Edge.ToVersion;

        public int ToVersion => Direction == MigrationDirection.Up ? Edge.ToVersion : Edge.FromVersion;

        public override string ToString() => $"{FromVersion}.0 -> {ToVersion}.0";
    }
}
