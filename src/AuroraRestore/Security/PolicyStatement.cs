using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Security
{
    /// <summary>
    /// One statement of an identity policy: Effect, Action or NotAction, Resource or NotResource, conditions. Actions
    /// match case-insensitively (IAM action names are), resources case-sensitively (ARNs are), both with * and ?.
    /// </summary>
    public sealed class PolicyStatement
    {
        internal PolicyStatement(string policyName, int index, string? sid, bool isAllow, IReadOnlyList<string> actions, bool notAction, IReadOnlyList<string> resources, bool notResource, IReadOnlyList<ConditionClause> conditions, string? unsupported)
        {
            PolicyName = policyName;
            Index = index;
            Sid = sid;
            IsAllow = isAllow;
            Actions = actions;
            NotAction = notAction;
            Resources = resources;
            NotResource = notResource;
            Conditions = conditions;
            Unsupported = unsupported;
        }

        public string PolicyName { get; }

        /// <summary>Position in the policy (0-based), to name statements without a Sid.</summary>
        public int Index { get; }

        public string? Sid { get; }

        public bool IsAllow { get; }

        public IReadOnlyList<string> Actions { get; }

        /// <summary>The action patterns are a NotAction list: the statement applies to every other action.</summary>
        public bool NotAction { get; }

        public IReadOnlyList<string> Resources { get; }

        public bool NotResource { get; }

        public IReadOnlyList<ConditionClause> Conditions { get; }

        /// <summary>Why the whole statement cannot be evaluated (e.g. a Principal element), or null.</summary>
        public string? Unsupported { get; }

        /// <summary>policy name + Sid (or the statement's position): how results name the statement.</summary>
        public string Reference => $"{PolicyName}#{Sid ?? "statement " + (Index + 1)}";

        public StatementMatch Match(string action, string resource, IReadOnlyDictionary<string, string> context, out string? why)
        {
            why = null;
            var actionListed = Actions.Any(a => WildcardPattern.IsMatch(a, action, ignoreCase: true));
            if (actionListed == NotAction)
            {
                return StatementMatch.NoMatch;
            }

            var resourceMatch = MatchResource(resource, out var resourceWhy);
            if (resourceMatch == false)
            {
                return StatementMatch.NoMatch;
            }

            var reasons = new List<string>();
            if (resourceMatch == null)
            {
                reasons.Add(resourceWhy!);
            }

            foreach (var clause in Conditions)
            {
                var result = clause.Evaluate(context, out var clauseWhy);
                if (result == false)
                {
                    // Conditions are ANDed: one false clause settles it, whatever the undecidable ones would say.
                    return StatementMatch.NoMatch;
                }

                if (result == null)
                {
                    reasons.Add(clauseWhy!);
                }
            }

            if (Unsupported != null)
            {
                reasons.Insert(0, Unsupported);
            }

            if (reasons.Count > 0)
            {
                why = string.Join("; ", reasons);
                return StatementMatch.Undecidable;
            }

            return StatementMatch.Match;
        }

        public override string ToString() => Reference;

        private bool? MatchResource(string resource, out string? why)
        {
            why = null;
            var plain = Resources.Where(r => !r.Contains("${", StringComparison.Ordinal)).ToList();
            var variables = Resources.Where(r => r.Contains("${", StringComparison.Ordinal)).ToList();
            if (plain.Any(r => WildcardPattern.IsMatch(r, resource, ignoreCase: false)))
            {
                return !NotResource;
            }

            if (variables.Count > 0)
            {
                why = $"resource pattern {variables[0]} uses a policy variable";
                return null;
            }

            return NotResource;
        }
    }
}
