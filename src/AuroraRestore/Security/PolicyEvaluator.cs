using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AuroraRestore.Common;

namespace AuroraRestore.Security
{
    /// <summary>
    /// Evaluates identity policy documents for one action on one resource, the way IAM does within one account: an
    /// explicit Deny wins, then any Allow, else the implicit deny. Supports Allow/Deny, Action/NotAction,
    /// Resource/NotResource with <c>*</c> and <c>?</c>, and the condition operators StringEquals, StringNotEquals and
    /// StringLike on the request context keys passed in. Whatever else could change the answer (other operators,
    /// policy variables, Principal) makes the result <see cref="AccessDecision.Undecidable"/>, never a silent allow.
    /// Used where IAM's simulate-principal-policy is missing (moto) and by the upgrade preflight.
    /// Not modelled: permission boundaries, session policies, SCPs and resource policies (they can only deny more).
    /// </summary>
    public static class PolicyEvaluator
    {
        public const string InvalidActionErrorId = "InvalidPolicyAction";
        public const string InvalidResourceErrorId = "InvalidPolicyResource";

        private static readonly Regex ActionPattern = new Regex("^[A-Za-z0-9-]+:[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly IReadOnlyDictionary<string, string> NoContext = new Dictionary<string, string>();

        /// <param name="policies">Every identity policy of the principal (inline and managed; PrincipalPolicies reads them).</param>
        /// <param name="action">One concrete action, e.g. <c>cloudwatch:PutMetricData</c> (no wildcards).</param>
        /// <param name="resource">One concrete resource ARN, or <c>*</c> for actions without resource-level permissions.</param>
        /// <param name="context">Request context keys and values, e.g. <c>cloudwatch:namespace</c> = <c>AuroraRestore</c>.</param>
        public static PolicyEvaluation Evaluate(IEnumerable<NamedPolicy> policies, string action, string resource, IReadOnlyDictionary<string, string>? context = null)
        {
            if (policies == null)
            {
                throw new ArgumentNullException(nameof(policies));
            }

            if (action == null || !ActionPattern.IsMatch(action))
            {
                throw new AuroraRestoreException(
                    InvalidActionErrorId, FailureCategory.InvalidArgument, action,
                    $"'{action}' is not one IAM action (service:Action, without wildcards).",
                    "Pass one action such as cloudwatch:PutMetricData.");
            }

            if (string.IsNullOrWhiteSpace(resource) || (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal)))
            {
                throw new AuroraRestoreException(
                    InvalidResourceErrorId, FailureCategory.InvalidArgument, resource,
                    $"'{resource}' is not a resource ARN (or *).",
                    "Pass the ARN of the resource the action is on, or * for actions that take no resource (cloudwatch:PutMetricData).");
            }

            // Parse every document first: a malformed one fails the whole evaluation rather than being skipped.
            var statements = policies.Select(PolicyDocument.Parse).SelectMany(d => d.Statements).ToList();
            return Evaluate(statements, action, resource, context ?? NoContext);
        }

        /// <summary>One policy document on its own (tests, a template's policy before it is deployed).</summary>
        public static PolicyEvaluation Evaluate(string policyDocument, string action, string resource, IReadOnlyDictionary<string, string>? context = null)
            => Evaluate(new[] { new NamedPolicy("policy", policyDocument) }, action, resource, context);

        private static PolicyEvaluation Evaluate(IReadOnlyList<PolicyStatement> statements, string action, string resource, IReadOnlyDictionary<string, string> context)
        {
            var denies = new List<string>();
            var allows = new List<string>();
            var undecidableDenies = new List<string>();
            var undecidableAllows = new List<string>();
            foreach (var statement in statements)
            {
                var match = statement.Match(action, resource, context, out var why);
                if (match == StatementMatch.Match)
                {
                    (statement.IsAllow ? allows : denies).Add(statement.Reference);
                }
                else if (match == StatementMatch.Undecidable)
                {
                    (statement.IsAllow ? undecidableAllows : undecidableDenies).Add($"{statement.Reference} ({(statement.IsAllow ? "Allow" : "Deny")}): {why}");
                }
            }

            var undecidable = undecidableDenies.Concat(undecidableAllows).ToList();
            if (denies.Count > 0)
            {
                return new PolicyEvaluation(action, resource, AccessDecision.ExplicitDeny, denies, undecidable);
            }

            if (undecidableDenies.Count > 0)
            {
                // A Deny that might apply: an allow cannot be promised.
                return new PolicyEvaluation(action, resource, AccessDecision.Undecidable, allows, undecidable);
            }

            if (allows.Count > 0)
            {
                return new PolicyEvaluation(action, resource, AccessDecision.Allowed, allows, undecidable);
            }

            return undecidableAllows.Count > 0
                ? new PolicyEvaluation(action, resource, AccessDecision.Undecidable, Array.Empty<string>(), undecidable)
                : new PolicyEvaluation(action, resource, AccessDecision.ImplicitDeny, Array.Empty<string>(), Array.Empty<string>());
        }
    }
}
