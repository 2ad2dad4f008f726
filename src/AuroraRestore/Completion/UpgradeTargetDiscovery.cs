using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Completion
{
    /// <summary>
    /// The versions an environment can be upgraded to, from the compatibility matrix and the version deployed (the main
    /// stack's <c>aurora-restore:version</c> tag), each with its path. Without a deployed version every version is offered.
    /// </summary>
    public static class UpgradeTargetDiscovery
    {
        public static async Task<IReadOnlyList<CompletionCandidate>> ListAsync(ICloudFormationClient cloudFormation, PipelineVersionCatalog catalog, PipelineEnvironment environment, CancellationToken cancellationToken)
        {
            var main = await cloudFormation.DescribeStackAsync(environment.MainStackName, cancellationToken).ConfigureAwait(false);
            string? deployed = null;
            main?.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out deployed);
            if (deployed == null || !catalog.TryGet(deployed, out var from))
            {
                return catalog.Versions.Select(v => new CompletionCandidate(v.Version, v.Notes.Length == 0 ? v.Version : v.Notes)).ToList();
            }

            var targets = new List<CompletionCandidate>();
            foreach (var version in catalog.Versions)
            {
                IReadOnlyList<UpgradeHop> path;
                try
                {
                    path = catalog.Matrix.PathBetween(from.Version, version.Version);
                }
                catch (AuroraRestoreException)
                {
                    continue; // a downgrade or no path: not an upgrade target
                }

                if (path.Count == 1)
                {
                    targets.Add(new CompletionCandidate(version.Version, $"direct from {from.Version}: {path[0].Notes}"));
                }
                else if (path.Count > 1)
                {
                    targets.Add(new CompletionCandidate(version.Version, $"{path.Count} hops: {from.Version} -> {string.Join(" -> ", path.Select(h => h.To))}"));
                }
            }

            return targets;
        }
    }
}
