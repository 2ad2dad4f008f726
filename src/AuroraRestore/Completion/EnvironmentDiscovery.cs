using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Completion
{
    /// <summary>
    /// The pipeline environments deployed in a region, read from its stacks (docs/environments.md): the tag
    /// <c>aurora-restore:environment</c> of either stack, or for stacks without it (a pipeline installed by hand, as the
    /// migration guide does) the name <c>aurora-restore-pipeline[-env][-iam]</c>.
    /// </summary>
    public static class EnvironmentDiscovery
    {
        public const string EnvironmentTagKey = "aurora-restore:environment";
        private const string StackPrefix = "aurora-restore-pipeline";
        private const string IamSuffix = "-iam";

        public static async Task<IReadOnlyList<CompletionCandidate>> ListAsync(ICloudFormationClient cloudFormation, CancellationToken cancellationToken)
        {
            var stacks = await cloudFormation.DescribeStacksAsync(cancellationToken).ConfigureAwait(false);
            var found = new SortedDictionary<string, (StackDescription? Main, StackDescription? Iam)>(StringComparer.Ordinal);
            foreach (var stack in stacks)
            {
                var isIam = stack.StackName.EndsWith(IamSuffix, StringComparison.Ordinal);
                var name = EnvironmentOf(stack, isIam);
                if (name == null)
                {
                    continue;
                }

                found.TryGetValue(name, out var pair);
                found[name] = isIam ? (pair.Main, stack) : (stack, pair.Iam);
            }

            return found.Select(entry => new CompletionCandidate(entry.Key, Describe(entry.Value.Main, entry.Value.Iam))).ToList();
        }

        /// <summary>The environment a stack belongs to, or null when it is no pipeline stack.</summary>
        internal static string? EnvironmentOf(StackDescription stack, bool isIam)
        {
            if (stack.Tags.TryGetValue(EnvironmentTagKey, out var tagged))
            {
                return PipelineEnvironment.IsValidName(tagged) ? tagged : null;
            }

            var name = isIam ? stack.StackName.Substring(0, stack.StackName.Length - IamSuffix.Length) : stack.StackName;
            if (name == StackPrefix)
            {
                return PipelineEnvironment.Production;
            }

            if (!name.StartsWith(StackPrefix + "-", StringComparison.Ordinal))
            {
                return null;
            }

            var environment = name.Substring(StackPrefix.Length + 1);
            return PipelineEnvironment.IsValidName(environment) && environment != PipelineEnvironment.Production ? environment : null;
        }

        private static string Describe(StackDescription? main, StackDescription? iam)
        {
            var stack = main ?? iam!;
            stack.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var version);
            var what = main == null ? "IAM stack only" : "pipeline " + (version ?? "of unknown version");
            return $"{what} ({stack.StackStatus})";
        }
    }
}
