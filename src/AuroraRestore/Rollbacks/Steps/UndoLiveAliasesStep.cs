using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// The instant part of a rollback: every function's <c>live</c> alias back to the version it was on before the hop
    /// (journaled by the publish step before anything was published). Published versions are never deleted, so nothing is
    /// redeployed. A function that had no alias before keeps it (the module does not delete aliases): the detail says so.
    /// </summary>
    internal sealed class UndoLiveAliasesStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var undone = context.Undone(step)!;
            if (!undone.Has("previous_live"))
            {
                return "the upgrade step was stopped before it recorded the aliases, so it moved none";
            }

            var previous = undone.GetMap("previous_live");

            var back = previous.Where(p => p.Value.Length > 0).ToDictionary(p => p.Key, p => p.Value);
            var none = previous.Where(p => p.Value.Length == 0).Select(p => p.Key).ToList();
            await new LiveAliases(context.Services.Lambda, context.Log).PointAsync(back, $"aurora-restore {step.UpgradeHop!.From} (rollback of upgrade run {context.RunId})", cancellationToken).ConfigureAwait(false);
            entry.SetMap("live", back);
            if (none.Count > 0)
            {
                context.Log.Warning($"{string.Join(", ", none)} had no {LiveAliases.AliasName} alias before the upgrade; the alias is left where the upgrade put it (delete it with aws lambda delete-alias if it must go).");
                entry.SetList("no_alias_before", none);
            }

            return $"{LiveAliases.AliasName} -> {string.Join(", ", back.OrderBy(p => p.Key).Select(p => p.Key + ":" + p.Value))}{(none.Count == 0 ? string.Empty : $"; {none.Count} function(s) had no alias before: left")}";
        }
    }
}
