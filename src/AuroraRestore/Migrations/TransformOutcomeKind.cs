namespace AuroraRestore.Migrations
{
    /// <summary>What a transform decided for one item.</summary>
    public enum TransformOutcomeKind
    {
        /// <summary>Already in the target format: nothing to write (what makes a second run change nothing).</summary>
        Unchanged,

        /// <summary>Transformed: the new item must be written.</summary>
        Changed,

        /// <summary>Not transformable (unexpected format, unreadable reserved attribute): reported, never written.</summary>
        Failed,
    }
}
