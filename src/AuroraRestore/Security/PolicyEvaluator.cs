using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AuroraRestore.Common;

namespace AuroraRestore.Security
{
    /// <summary>
    /// The module's own evaluation of identity policies, for endpoints that do not implement IAM's policy simulator
    /// (moto): an explicit Deny wins, then any Allow, else the implicit deny. Action and resource wildcards are
    /// honoured; conditions, permission boundaries, SCPs and resource policies are not evaluated (a statement with a
    /// Condition is marked conditional in the decision, so the caller can say so).
    /// </summary>
    public sealed class PolicyEvaluator
    {
        public const string PolicyDocumentInvalidErrorId = "PolicyDocumentInvalid";

        private readonly IReadOnlyList<PolicyStatement> statements;

        public PolicyEvaluator(IEnumerable<PolicyStatement> statements)
        {
            this.statements = statements.ToList();
        }

        public int StatementCount => statements.Count;

        /// <summary>Reads named policy documents (JSON); throws PolicyDocumentInvalid naming the policy that is not one.</summary>
        public static PolicyEvaluator FromDocuments(IEnumerable<KeyValuePair<string, string>> documents)
        {
            var parsed = new List<PolicyStatement>();
            foreach (var document in documents)
            {
                parsed.AddRange(ParseDocument(document.Key, document.Value));
            }

            return new PolicyEvaluator(parsed);
        }

        public static IReadOnlyList<PolicyStatement> ParseDocument(string policyName, string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var statement = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Statement", out var s)
                    ? s
                    : throw new FormatException("no Statement");
                var list = statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : new List<JsonElement> { statement };
                return list.Select(e => PolicyStatement.Parse(policyName, e)).ToList();
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException)
            {
                throw new AuroraRestoreException(
                    PolicyDocumentInvalidErrorId, FailureCategory.InvalidData, policyName,
                    $"The IAM policy '{policyName}' is not a policy document the module can read: {ex.Message}.",
                    "Check the policy in the IAM console; the module reads JSON policies with Effect, Action/NotAction and Resource/NotResource.",
                    ex);
            }
        }

        public PermissionDecision Evaluate(string action, string resource)
        {
            var matching = statements.Where(s => s.Matches(action, resource)).ToList();
            var deny = matching.FirstOrDefault(s => !s.Allow && !s.HasCondition);
            if (deny != null)
            {
                return new PermissionDecision(action, resource, PermissionDecision.ExplicitDeny, deny.Source);
            }

            var allow = matching.FirstOrDefault(s => s.Allow && !s.HasCondition) ?? matching.FirstOrDefault(s => s.Allow);
            var conditionalDeny = matching.FirstOrDefault(s => !s.Allow);
            if (allow != null)
            {
                // A conditional Deny may still apply: the decision says so rather than pretending to know.
                return new PermissionDecision(action, resource, PermissionDecision.Allowed, conditionalDeny?.Source ?? allow.Source, allow.HasCondition || conditionalDeny != null);
            }

            return new PermissionDecision(action, resource, PermissionDecision.ImplicitDeny);
        }

        public IReadOnlyList<PermissionDecision> EvaluateAll(IEnumerable<RequiredPermission> required)
            => required.Select(r => Evaluate(r.Action, r.Resource)).ToList();
    }
}
