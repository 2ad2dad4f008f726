using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AuroraRestore.Common;

namespace AuroraRestore.Security
{
    /// <summary>An identity policy document read into statements. A document IAM would refuse is refused here too.</summary>
    public sealed class PolicyDocument
    {
        public const string MalformedErrorId = "PolicyDocumentMalformed";

        private PolicyDocument(string name, IReadOnlyList<PolicyStatement> statements)
        {
            Name = name;
            Statements = statements;
        }

        public string Name { get; }

        public IReadOnlyList<PolicyStatement> Statements { get; }

        public static PolicyDocument Parse(NamedPolicy policy)
        {
            if (policy == null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(policy.Document ?? string.Empty);
            }
            catch (JsonException ex)
            {
                throw Malformed(policy.Name, "it is not JSON: " + ex.Message, ex);
            }

            using (json)
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out var statementElement))
                {
                    throw Malformed(policy.Name, "it has no Statement");
                }

                var elements = statementElement.ValueKind == JsonValueKind.Array ? statementElement.EnumerateArray().ToList() : new List<JsonElement> { statementElement };
                var statements = new List<PolicyStatement>();
                for (var i = 0; i < elements.Count; i++)
                {
                    statements.Add(ParseStatement(policy.Name, i, elements[i]));
                }

                return new PolicyDocument(policy.Name, statements);
            }
        }

        private static PolicyStatement ParseStatement(string policyName, int index, JsonElement element)
        {
            var where = $"statement {index + 1}";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(policyName, where + " is not an object");
            }

            string? sid = element.TryGetProperty("Sid", out var sidElement) && sidElement.ValueKind == JsonValueKind.String ? sidElement.GetString() : null;
            where = sid == null ? where : $"statement {sid}";
            var effect = element.TryGetProperty("Effect", out var effectElement) && effectElement.ValueKind == JsonValueKind.String ? effectElement.GetString() : null;
            if (effect != "Allow" && effect != "Deny")
            {
                throw Malformed(policyName, $"{where} has Effect '{effect}' (Allow or Deny expected)");
            }

            var (actions, notAction) = OneOf(policyName, where, element, "Action", "NotAction");
            var (resources, notResource) = OneOf(policyName, where, element, "Resource", "NotResource");
            var conditions = new List<ConditionClause>();
            if (element.TryGetProperty("Condition", out var conditionElement))
            {
                if (conditionElement.ValueKind != JsonValueKind.Object)
                {
                    throw Malformed(policyName, where + " has a Condition that is not an object");
                }

                foreach (var block in conditionElement.EnumerateObject())
                {
                    if (block.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw Malformed(policyName, $"{where}: condition {block.Name} is not an object of keys");
                    }

                    foreach (var key in block.Value.EnumerateObject())
                    {
                        conditions.Add(new ConditionClause(block.Name, key.Name, Strings(policyName, $"{where}: condition {block.Name} {key.Name}", key.Value)));
                    }
                }
            }

            string? unsupported = null;
            if (element.TryGetProperty("Principal", out _) || element.TryGetProperty("NotPrincipal", out _))
            {
                unsupported = "a Principal element (a resource policy statement, not an identity policy one)";
            }

            return new PolicyStatement(policyName, index, sid, effect == "Allow", actions, notAction, resources, notResource, conditions, unsupported);
        }

        private static (IReadOnlyList<string> Values, bool Negated) OneOf(string policyName, string where, JsonElement element, string positive, string negative)
        {
            var hasPositive = element.TryGetProperty(positive, out var positiveElement);
            var hasNegative = element.TryGetProperty(negative, out var negativeElement);
            if (hasPositive == hasNegative)
            {
                throw Malformed(policyName, $"{where} must have exactly one of {positive} and {negative}");
            }

            var values = Strings(policyName, $"{where}: {(hasPositive ? positive : negative)}", hasPositive ? positiveElement : negativeElement);
            if (values.Count == 0)
            {
                throw Malformed(policyName, $"{where}: {(hasPositive ? positive : negative)} is empty");
            }

            return (values, hasNegative);
        }

        /// <summary>A string or a list of strings; numbers and booleans (allowed in condition values) as their JSON text.</summary>
        private static IReadOnlyList<string> Strings(string policyName, string where, JsonElement value)
        {
            IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : new[] { value };
            var result = new List<string>();
            foreach (var item in items)
            {
                switch (item.ValueKind)
                {
                    case JsonValueKind.String:
                        result.Add(item.GetString()!);
                        break;
                    case JsonValueKind.Number:
                        result.Add(item.GetRawText());
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        result.Add(item.GetBoolean() ? "true" : "false");
                        break;
                    default:
                        throw Malformed(policyName, $"{where} holds a {item.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}, not a string");
                }
            }

            return result;
        }

        private static AuroraRestoreException Malformed(string policyName, string problem, Exception? inner = null) => new AuroraRestoreException(
            MalformedErrorId, FailureCategory.InvalidData, policyName,
            $"The policy {policyName} cannot be evaluated: {problem}.",
            "Check the policy document (aws iam get-role-policy / get-policy-version); IAM itself would refuse it.",
            inner);
    }
}
