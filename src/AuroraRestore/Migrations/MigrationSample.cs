namespace AuroraRestore.Migrations
{
    /// <summary>One item as it is and as the migration writes (or, in a dry run, would write) it, in DynamoDB JSON.</summary>
    public sealed class MigrationSample
    {
        public MigrationSample(string key, string before, string after)
        {
            Key = key;
            Before = before;
            After = after;
        }

        public string Key { get; }

        public string Before { get; }

        public string After { get; }
    }
}
