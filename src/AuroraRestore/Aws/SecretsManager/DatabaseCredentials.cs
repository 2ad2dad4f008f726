namespace AuroraRestore.Aws.SecretsManager
{
    /// <summary>A user name and password read from a secret. The password never appears in <see cref="ToString"/>.</summary>
    public sealed class DatabaseCredentials
    {
        public DatabaseCredentials(string userName, string password)
        {
            UserName = userName;
            Password = password;
        }

        public string UserName { get; }

        public string Password { get; }

        public override string ToString() => UserName + " (password hidden)";
    }
}
