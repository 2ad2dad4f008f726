using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuroraRestore.Security
{
    /// <summary>One statement of an IAM identity policy, reduced to what the module evaluates: effect, actions, resources, whether it has conditions.</summary>
    public sealed class PolicyStatement
    {
        private readonly IReadOnlyList<Regex> actions;
        private readonly IReadOnlyList<Regex> resources;

        private PolicyStatement(string source, bool allow, bool notAction, IReadOnlyList<Regex> actions, bool notResource, IReadOnlyList<Regex> resources, bool hasCondition)
        {
            Source = source;
            Allow = allow;
            NotAction = notAction;
            this.actions = actions;
            NotResource = notResource;
            this.resources = resources;
            HasCondition = hasCondition;
        }

        /// <summary>"policy name" or "policy name/Sid".</summary>
        public string Source { get; }

        public bool Allow { get; }

        public bool NotAction { get; }

        public bool NotResource { get; }

        public bool HasCondition { get; }

        /// <summary>True when the statement applies to this action on this resource (conditions aside).</summary>
        public bool Matches(string action, string resource)
            => actions.Any(a => a.IsMatch(action)) != NotAction && resources.Any(r => r.IsMatch(resource)) != NotResource;

        /// <exception cref="FormatException">The statement is not an IAM policy statement.</exception>
        internal static PolicyStatement Parse(string policyName, JsonElement statement)
        {
            if (statement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a statement is not an object");
            }

            var effect = statement.TryGetProperty("Effect", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (effect != "Allow" && effect != "Deny")
            {
                throw new FormatException($"Effect is '{effect}', not Allow or Deny");
            }

            var sid = statement.TryGetProperty("Sid", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var (notAction, actionPatterns) = Patterns(statement, "Action", "NotAction", ignoreCase: true);
            var (notResource, resourcePatterns) = Patterns(statement, "Resource", "NotResource", ignoreCase: false);
            var hasCondition = statement.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object && condition.EnumerateObject().Any();
            return new PolicyStatement(sid == null ? policyName : policyName + "/" + sid, effect == "Allow", notAction, actionPatterns, notResource, resourcePatterns, hasCondition);
        }

        private static (bool Negated, IReadOnlyList<Regex> Patterns) Patterns(JsonElement statement, string name, string notName, bool ignoreCase)
        {
            var negated = !statement.TryGetProperty(name, out var value);
            if (negated && !statement.TryGetProperty(notName, out value))
            {
                throw new FormatException($"neither {name} nor {notName}");
            }

            var texts = value.ValueKind switch
            {
                JsonValueKind.String => new[] { value.GetString()! },
                JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{(negated ? notName : name)} holds a non-string")).ToArray(),
                _ => throw new FormatException($"{(negated ? notName : name)} is neither a string nor a list"),
            };
            return (negated, texts.Select(t => Wildcard(t, ignoreCase)).ToList());
        }

        /// <summary>IAM wildcards: * is any run of characters, ? exactly one; actions compare case-insensitively, ARNs exactly.</summary>
        private static Regex Wildcard(string pattern, bool ignoreCase)
        {
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            return new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        }
    }
}
