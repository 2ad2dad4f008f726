namespace AuroraRestore.Migrations
{
    /// <summary>The pipeline tables whose items migrations transform; All means State, then Audit.</summary>
    public enum MigrationTable
    {
        State,
        Audit,
        All,
    }
}
