namespace AuroraRestore.Restores.Database
{
    /// <summary>What setup-db-users did: whether the application user was created or already existed (its password reset).</summary>
    public sealed class DatabaseUserSetupResult
    {
        public DatabaseUserSetupResult(string userName, bool created)
        {
            UserName = userName;
            Created = created;
        }

        public string UserName { get; }

        public bool Created { get; }
    }
}
