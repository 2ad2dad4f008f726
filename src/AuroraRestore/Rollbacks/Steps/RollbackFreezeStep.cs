using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.State;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>Closes intake just before a hop switches back; the safety expiry reopens it if the runner dies inside the window.</summary>
    internal sealed class RollbackFreezeStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var until = context.Now + context.Options.FreezeSafetyExpiry;
            var reason = Reason(context, step);
            await new IntakeFreezeGate(context.Control, context.Log).SetAsync(until, reason, context.RunId, cancellationToken).ConfigureAwait(false);
            entry.Set("until", IsoTime.FormatSeconds(until));
            entry.Set("reason", reason);
            return $"intake frozen until {IsoTime.FormatSeconds(until)} at the latest";
        }

        public static string Reason(RollbackStepContext context, RollbackPlanStep step)
            => $"the pipeline is being rolled back {step.Hop} (upgrade run {context.RunId}) and is switching back";
    }
}
