using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>Reopens intake right after the aliases moved, and measures the freeze window from the journal (so a resumed run reports it honestly).</summary>
    internal sealed class ThawIntakeStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.ThawIntake;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var lifted = await new IntakeFreezeGate(context.Control, context.Log).ClearAsync(context.RunId, cancellationToken).ConfigureAwait(false);
            var frozenAt = context.EarlierStep(hop!.ToString(), UpgradeStepNames.FreezeIntake).StartedAt ?? context.Now;
            var window = context.Now - frozenAt;
            entry.Set("freeze_window_ms", (long)window.TotalMilliseconds);
            return $"intake reopened{(lifted ? string.Empty : " (the freeze had already gone)")} after {window.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        }
    }
}
