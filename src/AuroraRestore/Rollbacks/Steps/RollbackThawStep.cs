using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>Reopens intake right after the hop's switch-back, and measures the freeze window from the journal.</summary>
    internal sealed class RollbackThawStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var lifted = await new IntakeFreezeGate(context.Control, context.Log).ClearAsync(context.RunId, cancellationToken).ConfigureAwait(false);
            var freeze = context.Plan.Steps.Last(s => s.Index < step.Index && s.Name == RollbackStepNames.FreezeIntake);
            var frozenAt = context.Entry(freeze.Key)?.StartedAt ?? context.Now;
            var window = context.Now - frozenAt;
            entry.Set("freeze_window_ms", (long)window.TotalMilliseconds);
            return $"intake reopened{(lifted ? string.Empty : " (the freeze had already gone)")} after {window.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        }
    }
}
