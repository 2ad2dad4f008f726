using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>The switch-over: every function's <c>live</c> alias moves to the version just published, only once all of them exist.</summary>
    internal sealed class LiveAliasesStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.LiveAliases;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var publish = context.EarlierStep(hop!.ToString(), UpgradeStepNames.PublishVersions);
            var published = publish.GetMap("published");
            if (!entry.Has("previous_live"))
            {
                entry.SetMap("previous_live", publish.GetMap("previous_live"));
                entry.SetMap("live", published);
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            await new LiveAliases(context.Services.Lambda, context.Log).PointAsync(published, $"aurora-restore {hop.To}", cancellationToken).ConfigureAwait(false);
            return $"{LiveAliases.AliasName} -> {string.Join(", ", published.OrderBy(p => p.Key).Select(p => p.Key + ":" + p.Value))}";
        }
    }
}
