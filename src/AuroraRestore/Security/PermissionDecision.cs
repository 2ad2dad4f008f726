namespace AuroraRestore.Security
{
    /// <summary>What IAM (or the module's own evaluation) decided for one action on one resource.</summary>
    public sealed class PermissionDecision
    {
        public const string Allowed = "allowed";
        public const string ExplicitDeny = "explicitDeny";
        public const string ImplicitDeny = "implicitDeny";

        public PermissionDecision(string action, string resource, string decision, string? matchedBy = null, bool conditional = false)
        {
            Action = action;
            Resource = resource;
            Decision = decision;
            MatchedBy = matchedBy;
            Conditional = conditional;
        }

        public string Action { get; }

        public string Resource { get; }

        /// <summary>allowed, explicitDeny or implicitDeny (IAM's EvalDecision values).</summary>
        public string Decision { get; }

        /// <summary>The policy (and statement Sid) that decided, when known.</summary>
        public string? MatchedBy { get; }

        /// <summary>
        /// True when the deciding statement has a Condition the module cannot evaluate: an allow that may not hold,
        /// or a deny that may apply. Reported, never silently trusted.
        /// </summary>
        public bool Conditional { get; }

        public bool IsAllowed => Decision == Allowed;

        public override string ToString() => $"{Action} on {Resource}: {Decision}{(Conditional ? " (conditional)" : string.Empty)}{(MatchedBy == null ? string.Empty : " by " + MatchedBy)}";
    }
}
