using System;
using System.Collections.Generic;

namespace AuroraRestore.Security
{
    /// <summary>The answer for one action on one resource, with the statements that decided it.</summary>
    public sealed class PolicyEvaluation
    {
        public PolicyEvaluation(string action, string resource, AccessDecision decision, IReadOnlyList<string> decidingStatements, IReadOnlyList<string> undecidableStatements)
        {
            Action = action;
            Resource = resource;
            Decision = decision;
            DecidingStatements = decidingStatements;
            UndecidableStatements = undecidableStatements;
        }

        public string Action { get; }

        public string Resource { get; }

        public AccessDecision Decision { get; }

        public bool IsAllowed => Decision == AccessDecision.Allowed;

        /// <summary>The matching Deny statements (ExplicitDeny) or Allow statements (Allowed), as policy#Sid.</summary>
        public IReadOnlyList<string> DecidingStatements { get; }

        /// <summary>Statements that might apply but could not be decided, each with the reason.</summary>
        public IReadOnlyList<string> UndecidableStatements { get; }

        public override string ToString() => Decision switch
        {
            AccessDecision.Allowed => $"{Action} on {Resource}: allowed by {string.Join(", ", DecidingStatements)}",
            AccessDecision.ExplicitDeny => $"{Action} on {Resource}: denied by {string.Join(", ", DecidingStatements)}",
            AccessDecision.ImplicitDeny => $"{Action} on {Resource}: no statement allows it",
            _ => $"{Action} on {Resource}: cannot be decided ({string.Join("; ", UndecidableStatements)})",
        };
    }
}
