namespace AuroraRestore.Versions
{
    /// <summary>One direct step between two pipeline versions: an edge of the compatibility matrix (or one walked backwards by a rollback).</summary>
    public sealed class UpgradeHop
    {
        public UpgradeHop(string from, string to, string notes, bool iamStackFirst)
        {
            From = from;
            To = to;
            Notes = notes;
            IamStackFirst = iamStackFirst;
        }

        public string From { get; }

        public string To { get; }

        /// <summary>The migration guide's note for this edge, e.g. "Requires DynamoDB schema update".</summary>
        public string Notes { get; }

        /// <summary>
        /// True when the IAM stack must be updated before the main stack (2.0→3.0: the new code needs the new
        /// permissions). On a rollback hop the order reverses: main stack first, IAM stack last.
        /// </summary>
        public bool IamStackFirst { get; }

        /// <summary>The same edge walked backwards (a rollback), with the same notes.</summary>
        public UpgradeHop Reversed() => new UpgradeHop(To, From, Notes, IamStackFirst);

        public override string ToString() => $"{From} -> {To}";
    }
}
