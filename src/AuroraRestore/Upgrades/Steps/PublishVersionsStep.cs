using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// Publishes a version of every function once the main stack has deployed the hop's code and configuration (a
    /// published version freezes both), recording per function the version published and where <c>live</c> pointed
    /// before. Each function is journaled as soon as it is published, so a resumed step never publishes twice.
    /// </summary>
    internal sealed class PublishVersionsStep : UpgradeStep
    {
        private const string VersionVariable = "AURORA_RESTORE_PIPELINE_VERSION";

        public override string Name => UpgradeStepNames.PublishVersions;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var target = context.Catalog.Get(hop!.To);
            var lambda = context.Services.Lambda;
            var published = new SortedDictionary<string, string>(entry.GetMap("published").ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            var codes = new SortedDictionary<string, string>(entry.GetMap("code_sha256").ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            var previous = new SortedDictionary<string, string>(entry.GetMap("previous_live").ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            var functions = target.Functions.Select(context.Environment.FunctionName).ToList();
            if (functions.Any(f => !previous.ContainsKey(f)))
            {
                // Where every live alias points, journaled before the first version is published.
                foreach (var function in functions.Where(f => !previous.ContainsKey(f)))
                {
                    // Empty: the function had no live alias (a rollback then removes the alias instead of moving it).
                    previous[function] = (await lambda.GetAliasAsync(function, LiveAliases.AliasName, cancellationToken).ConfigureAwait(false))?.FunctionVersion ?? string.Empty;
                }

                entry.SetMap("previous_live", previous);
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            foreach (var function in functions)
            {
                if (published.ContainsKey(function))
                {
                    continue;
                }

                await RequireDeployedAsync(context, function, target.Version, cancellationToken).ConfigureAwait(false);
                var version = await lambda.PublishVersionAsync(function, $"aurora-restore {target.Version} (upgrade run {context.RunId})", cancellationToken).ConfigureAwait(false);
                published[function] = version.Version;
                codes[function] = version.CodeSha256;
                entry.SetMap("published", published);
                entry.SetMap("code_sha256", codes);
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            return $"published {string.Join(", ", published.Select(p => p.Key + ":" + p.Value))}";
        }

        /// <summary>Waits for a code update still being applied, and refuses to publish code the main stack did not deploy.</summary>
        private static async Task RequireDeployedAsync(UpgradeStepContext context, string function, string version, CancellationToken cancellationToken)
        {
            var deadline = context.Now + context.Options.StackTimeout;
            while (true)
            {
                var configuration = await context.Services.Lambda.GetFunctionConfigurationAsync(function, null, cancellationToken).ConfigureAwait(false)
                    ?? throw new AuroraRestoreException(
                        UpgradeErrorIds.FunctionNotUpdated, FailureCategory.ObjectNotFound, function,
                        $"Function {function} does not exist after the main stack update.",
                        "Look at the main stack's events, repair the stack, then run the upgrade again.");
                if (configuration.LastUpdateStatus == "InProgress" && context.Now < deadline)
                {
                    await Task.Delay(context.Options.StackPollInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                configuration.Environment.TryGetValue(VersionVariable, out var deployed);
                if (deployed != version || configuration.LastUpdateStatus == "Failed")
                {
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.FunctionNotUpdated, FailureCategory.InvalidResult, function,
                        $"Function {function} runs {deployed ?? "(no " + VersionVariable + ")"} ({configuration.LastUpdateStatus ?? "no update status"}), not {version}: the main stack did not deploy the new code.",
                        "Look at the main stack's events and the function's last update status, then run the upgrade again.");
                }

                return;
            }
        }
    }
}
