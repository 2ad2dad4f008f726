namespace AuroraRestore.Security
{
    /// <summary>Whether one statement applies to a request.</summary>
    public enum StatementMatch
    {
        NoMatch,
        Match,
        Undecidable,
    }
}
