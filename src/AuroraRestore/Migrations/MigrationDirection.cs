namespace AuroraRestore.Migrations
{
    /// <summary>Which way an edge is walked: Up to the newer version (upgrade), Down to the older one (rollback).</summary>
    public enum MigrationDirection
    {
        Up,
        Down,
    }
}
