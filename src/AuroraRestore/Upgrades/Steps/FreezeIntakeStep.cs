using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>Closes intake just before the stacks switch over: Start-AuroraRestore refuses new restores (IntakeFrozen) until the aliases have moved.</summary>
    internal sealed class FreezeIntakeStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.FreezeIntake;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var until = context.Now + context.Options.FreezeSafetyExpiry;
            var reason = $"the pipeline is being upgraded {hop} (run {context.RunId}) and its stacks are switching over";
            await new IntakeFreezeGate(context.Control, context.Log).SetAsync(until, reason, context.RunId, cancellationToken).ConfigureAwait(false);
            entry.Set("until", IsoTime.FormatSeconds(until));
            entry.Set("reason", reason);
            return $"intake frozen until {IsoTime.FormatSeconds(until)} at the latest";
        }
    }
}
