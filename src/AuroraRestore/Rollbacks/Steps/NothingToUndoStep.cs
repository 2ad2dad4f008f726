using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>Records an upgrade step that leaves nothing to undo (preflight, backup, package, freeze records, published versions).</summary>
    internal sealed class NothingToUndoStep : RollbackStep
    {
        public override Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var undone = context.Undone(step);
            if (undone != null && undone.Name == UpgradeStepNames.PublishVersions)
            {
                var published = undone.GetMap("published");
                if (published.Count > 0)
                {
                    return Task.FromResult($"nothing to undo: {published.Count} published version(s) stay ({string.Join(", ", published.Keys)}); the live aliases decide what runs");
                }
            }

            return Task.FromResult(step.Description);
        }
    }
}
