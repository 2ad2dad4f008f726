namespace AuroraRestore.Restores.Database
{
    /// <summary>Where to connect: the restored cluster's writer endpoint, or the configured override (tunnel, test server).</summary>
    public sealed class DatabaseEndpoint
    {
        public DatabaseEndpoint(string host, int port, string database)
        {
            Host = host;
            Port = port;
            Database = database;
        }

        public string Host { get; }

        public int Port { get; }

        public string Database { get; }

        public override string ToString() => $"{Host}:{Port}/{Database}";
    }
}
