using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// How the module updates one pipeline stack to a version: the version's template, the parameter values the module
    /// owns, the deployed value of every other parameter the stack already has, UsePreviousValue for its NoEcho ones
    /// (secrets such as ChatOpsWebhookUrl are never read or sent), the version tags, and CAPABILITY_IAM +
    /// CAPABILITY_NAMED_IAM (the roles have names).
    /// The planner's diff, the optional change set and the stack step all build their request here, so what the plan
    /// shows is what the step sends.
    /// </summary>
    public static class StackUpdate
    {
        public const string EnvironmentTagKey = "aurora-restore:environment";

        /// <param name="stackName">The stack.</param>
        /// <param name="templateBody">The version's template.</param>
        /// <param name="moduleValues">The values the module owns (PipelineStackParameters).</param>
        /// <param name="declared">The parameters the version's template declares.</param>
        /// <param name="deployed">The stack's parameters as described (a NoEcho value is never used, whatever it shows).</param>
        /// <param name="noEcho">The NoEcho parameters of the deployed and the new template.</param>
        /// <param name="env">The environment (tag).</param>
        /// <param name="version">The version (tag).</param>
        public static StackRequest Request(
            string stackName,
            string templateBody,
            IDictionary<string, string> moduleValues,
            IReadOnlyList<TemplateParameter> declared,
            IDictionary<string, string> deployed,
            ISet<string> noEcho,
            PipelineEnvironment env,
            string version)
        {
            var request = new StackRequest(stackName, templateBody);
            foreach (var value in moduleValues)
            {
                request.Parameters[value.Key] = value.Value;
            }

            foreach (var parameter in declared.Where(p => !moduleValues.ContainsKey(p.Name) && deployed.ContainsKey(p.Name)))
            {
                if (noEcho.Contains(parameter.Name))
                {
                    request.PreviousValueParameters.Add(parameter.Name);
                }
                else
                {
                    // Visible values are passed as they are: the same as UsePreviousValue, and moto (which fails
                    // UsePreviousValue for a parameter left to its default at creation) takes them too.
                    request.Parameters[parameter.Name] = deployed[parameter.Name];
                }
            }

            request.Tags[PipelineVersionDefinition.VersionTagKey] = version;
            request.Tags[EnvironmentTagKey] = env.Name;
            request.Capabilities.Add("CAPABILITY_IAM");
            request.Capabilities.Add("CAPABILITY_NAMED_IAM");
            return request;
        }

        /// <summary>Names of the parameters a template declares NoEcho (their values are never shown, stored or journaled).</summary>
        public static ISet<string> NoEchoParameters(JsonObject template, IEnumerable<TemplateParameter> alsoDeclared)
        {
            var names = new HashSet<string>(alsoDeclared.Where(p => p.NoEcho).Select(p => p.Name), StringComparer.Ordinal);
            if (template["Parameters"] is JsonObject parameters)
            {
                foreach (var parameter in parameters)
                {
                    if (parameter.Value is JsonObject definition && definition["NoEcho"] is JsonValue flag
                        && ((flag.TryGetValue<bool>(out var b) && b) || (flag.TryGetValue<string>(out var s) && string.Equals(s, "true", StringComparison.OrdinalIgnoreCase))))
                    {
                        names.Add(parameter.Key);
                    }
                }
            }

            return names;
        }

        /// <summary>The deployed parameters without NoEcho values (what the journal keeps for a rollback).</summary>
        public static IReadOnlyDictionary<string, string> Recordable(IDictionary<string, string> deployed, ISet<string> noEcho)
            => deployed.Where(p => !noEcho.Contains(p.Key) && p.Value != "****").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        /// <summary>Parameter by parameter, what the request changes against <paramref name="before"/> (NoEcho values hidden).</summary>
        public static IReadOnlyList<ParameterChange> Changes(StackRequest request, IReadOnlyDictionary<string, string?> before, ISet<string> noEcho)
        {
            var changes = new List<ParameterChange>();
            foreach (var name in before.Keys.Union(request.Parameters.Keys).Union(request.PreviousValueParameters).OrderBy(n => n, StringComparer.Ordinal))
            {
                var old = noEcho.Contains(name) ? null : (before.TryGetValue(name, out var value) ? value : null);
                if (request.PreviousValueParameters.Contains(name))
                {
                    changes.Add(new ParameterChange(name, old, null, keepsPreviousValue: true));
                }
                else if (request.Parameters.TryGetValue(name, out var updated))
                {
                    if (!before.ContainsKey(name) || before[name] != updated)
                    {
                        changes.Add(new ParameterChange(name, before.ContainsKey(name) ? old : null, noEcho.Contains(name) ? null : updated, keepsPreviousValue: false));
                    }
                }
                else
                {
                    changes.Add(new ParameterChange(name, old, null, keepsPreviousValue: false));
                }
            }

            return changes;
        }
    }
}
