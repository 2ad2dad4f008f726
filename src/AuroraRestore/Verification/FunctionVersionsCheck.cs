using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// "All Lambda functions are deployed with the correct versions": both stacks are stable and tagged with the expected
    /// version, and every function's <c>live</c> alias points at the newest published version holding the deployed code
    /// ($LATEST's CodeSha256), whose AURORA_RESTORE_PIPELINE_VERSION (set per version by the template) is the expected one.
    /// </summary>
    public sealed class FunctionVersionsCheck
    {
        private const string VersionVariable = "AURORA_RESTORE_PIPELINE_VERSION";
        private readonly ILambdaClient lambda;

        public FunctionVersionsCheck(ILambdaClient lambda)
        {
            this.lambda = lambda;
        }

        public async Task<PipelineCheck> RunAsync(VerificationTarget target, CancellationToken cancellationToken)
        {
            var expected = target.Version.Version;
            var problems = new List<string>();
            foreach (var stack in new[] { target.MainStack, target.IamStack })
            {
                if (stack == null)
                {
                    problems.Add($"stack {target.Environment.IamStackName} is missing");
                    continue;
                }

                stack.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var tagged);
                if (tagged != expected)
                {
                    problems.Add($"stack {stack.StackName} is at version {tagged ?? "(untagged)"}, expected {expected}");
                }

                if (!StackWaiter.IsStable(stack.StackStatus))
                {
                    problems.Add($"stack {stack.StackName} is {stack.StackStatus}");
                }
            }

            foreach (var function in target.Version.Functions.Select(target.Environment.FunctionName))
            {
                var problem = await CheckFunctionAsync(function, expected, cancellationToken).ConfigureAwait(false);
                if (problem != null)
                {
                    problems.Add(problem);
                }
            }

            return PipelineCheck.FromProblems(
                CheckNames.FunctionVersions, target, problems,
                $"Both stacks are at {expected}; the {target.Version.Functions.Count} functions' {LiveAliases.AliasName} aliases point at the newest published version of the deployed code.",
                $"Run Install-RestorePipeline -Version {expected} -Environment {target.Environment.Name} again to finish the install, or the upgrade (or rollback) that left the pipeline half-way; it publishes the code and moves {LiveAliases.AliasName}.");
        }

        private async Task<string?> CheckFunctionAsync(string function, string expected, CancellationToken cancellationToken)
        {
            var latest = await lambda.GetFunctionConfigurationAsync(function, null, cancellationToken).ConfigureAwait(false);
            if (latest == null)
            {
                return $"function {function} is missing";
            }

            var alias = await lambda.GetAliasAsync(function, LiveAliases.AliasName, cancellationToken).ConfigureAwait(false);
            if (alias == null)
            {
                return $"{function} has no {LiveAliases.AliasName} alias";
            }

            if (alias.FunctionVersion == "$LATEST")
            {
                return $"{function}: {LiveAliases.AliasName} points at $LATEST, not at a published version";
            }

            var published = (await lambda.ListVersionsByFunctionAsync(function, cancellationToken).ConfigureAwait(false)).Where(v => v.Version != "$LATEST").ToList();
            var live = published.FirstOrDefault(v => v.Version == alias.FunctionVersion);
            if (live == null)
            {
                return $"{function}: {LiveAliases.AliasName} points at version {alias.FunctionVersion}, which does not exist";
            }

            var newest = published.Where(v => v.CodeSha256 == latest.CodeSha256).OrderByDescending(v => Number(v.Version)).FirstOrDefault();
            if (newest == null)
            {
                return $"{function}: the deployed code was never published ({LiveAliases.AliasName} is on version {live.Version})";
            }

            if (newest.Version != live.Version)
            {
                return live.CodeSha256 == latest.CodeSha256
                    ? $"{function}: {LiveAliases.AliasName} is on version {live.Version}, not on the newest published version {newest.Version}"
                    : $"{function}: {LiveAliases.AliasName} is on version {live.Version} (an older package), the deployed code is version {newest.Version}";
            }

            // The template sets the pipeline version in each function's environment: the published version carries it.
            var configuration = await lambda.GetFunctionConfigurationAsync(function, live.Version, cancellationToken).ConfigureAwait(false);
            if (configuration != null && configuration.Environment.TryGetValue(VersionVariable, out var running) && running != expected)
            {
                return $"{function}: {LiveAliases.AliasName} (version {live.Version}) runs pipeline {running}, expected {expected}";
            }

            return null;
        }

        private static long Number(string version) => long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
