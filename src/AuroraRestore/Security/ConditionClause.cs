using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Security
{
    /// <summary>
    /// One condition key under one operator (<c>"StringEquals": { "cloudwatch:namespace": "AuroraRestore" }</c>).
    /// Supported: StringEquals, StringNotEquals, StringLike. Anything else (IfExists, ForAllValues:, numeric, date, ARN,
    /// Bool, IpAddress, ...) is undecidable: the evaluator would rather say "cannot tell" than guess an allow.
    /// </summary>
    public sealed class ConditionClause
    {
        public const string StringEquals = "StringEquals";
        public const string StringNotEquals = "StringNotEquals";
        public const string StringLike = "StringLike";

        public ConditionClause(string conditionOperator, string key, IReadOnlyList<string> values)
        {
            Operator = conditionOperator;
            Key = key;
            Values = values;
        }

        public string Operator { get; }

        public string Key { get; }

        public IReadOnlyList<string> Values { get; }

        /// <summary>True, false, or null with <paramref name="why"/> when this clause cannot be decided.</summary>
        public bool? Evaluate(IReadOnlyDictionary<string, string> context, out string? why)
        {
            why = null;
            if (Operator != StringEquals && Operator != StringNotEquals && Operator != StringLike)
            {
                why = $"condition operator {Operator} is not supported";
                return null;
            }

            if (Values.Any(v => v.Contains("${", StringComparison.Ordinal)))
            {
                why = $"condition {Operator} {Key} uses a policy variable";
                return null;
            }

            // Condition keys are case-insensitive in IAM; values are compared case-sensitively by these operators.
            var present = TryGet(context, Key, out var actual);
            switch (Operator)
            {
                case StringEquals:
                    return present && Values.Any(v => string.Equals(v, actual, StringComparison.Ordinal));
                case StringLike:
                    return present && Values.Any(v => WildcardPattern.IsMatch(v, actual!, ignoreCase: false));
                default:
                    // A negated operator is true when the key is absent from the request (as IAM evaluates it).
                    return !present || Values.All(v => !string.Equals(v, actual, StringComparison.Ordinal));
            }
        }

        public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";

        private static bool TryGet(IReadOnlyDictionary<string, string> context, string key, out string? value)
        {
            foreach (var pair in context)
            {
                if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    value = pair.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }
    }
}
