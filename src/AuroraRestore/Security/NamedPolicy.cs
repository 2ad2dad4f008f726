namespace AuroraRestore.Security
{
    /// <summary>A policy document (JSON) and where it came from, so an evaluation can name the statement that decided it.</summary>
    public sealed class NamedPolicy
    {
        public NamedPolicy(string name, string document)
        {
            Name = name;
            Document = document;
        }

        /// <summary>For example <c>role/aurora-restore-lambda-role/inline/aurora-restore-functions</c> or a managed policy's ARN.</summary>
        public string Name { get; }

        /// <summary>The policy document as IAM returns it (already URL-decoded).</summary>
        public string Document { get; }

        public override string ToString() => Name;
    }
}
