namespace AuroraRestore.Upgrades
{
    /// <summary>One stack parameter as an update changes it. NoEcho values are never read or shown: they keep their previous value.</summary>
    public sealed class ParameterChange
    {
        public ParameterChange(string name, string? before, string? after, bool keepsPreviousValue)
        {
            Name = name;
            Before = before;
            After = after;
            KeepsPreviousValue = keepsPreviousValue;
        }

        public string Name { get; }

        /// <summary>The deployed value; null when the stack does not have the parameter, or it is NoEcho.</summary>
        public string? Before { get; }

        /// <summary>The value the update passes; null when it keeps the previous value or drops the parameter.</summary>
        public string? After { get; }

        /// <summary>Sent with UsePreviousValue (NoEcho secrets such as ChatOpsWebhookUrl, and values the module does not own).</summary>
        public bool KeepsPreviousValue { get; }

        public override string ToString()
            => KeepsPreviousValue ? $"parameter {Name}: keeps its previous value" : $"parameter {Name}: {Before ?? "(none)"} -> {After ?? "(removed)"}";
    }
}
