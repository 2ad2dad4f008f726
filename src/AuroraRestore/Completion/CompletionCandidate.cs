namespace AuroraRestore.Completion
{
    /// <summary>One value offered by tab completion, with the line that explains it (the tooltip).</summary>
    public sealed class CompletionCandidate
    {
        public CompletionCandidate(string value, string description)
        {
            Value = value;
            Description = description;
        }

        public string Value { get; }

        public string Description { get; }

        public override string ToString() => $"{Value} ({Description})";
    }
}
