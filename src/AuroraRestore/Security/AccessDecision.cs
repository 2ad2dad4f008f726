namespace AuroraRestore.Security
{
    /// <summary>The outcome of evaluating identity policies for one action on one resource.</summary>
    public enum AccessDecision
    {
        /// <summary>An Allow statement matches and no Deny statement can match.</summary>
        Allowed,

        /// <summary>A Deny statement matches: explicit deny always wins.</summary>
        ExplicitDeny,

        /// <summary>No statement matches: IAM denies by default.</summary>
        ImplicitDeny,

        /// <summary>
        /// The answer depends on a statement the evaluator cannot decide (an unsupported condition operator, a policy
        /// variable, a Principal element): never reported as allowed, so a caller treats it as "check by hand".
        /// </summary>
        Undecidable,
    }
}
