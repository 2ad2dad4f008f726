using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// The hop's items migrated down (state, then audit) with the streaming migration runner and the catalog's down edges,
    /// while the older code already serves: lossless for every item the upgrade migrated (its newer attributes kept in
    /// <c>_ar_down</c>, so a later upgrade gives them back), and restores created since the upgrade kept in the older
    /// format. Each table is journaled when done (checksums before and after), so a resumed step goes on with the next
    /// table, and the runner from its own checkpoints (<c>checkpoint#rollback-&lt;run&gt;-&lt;from&gt;-&lt;to&gt;-&lt;table&gt;</c>).
    /// </summary>
    internal sealed class UndoStateMigrationStep : RollbackStep
    {
        public override Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
            => JournaledStateMigration.RunAsync(
                context.Services.Migrator, context.Environment, step.UpgradeHop!.To, step.UpgradeHop.From, $"rollback-{context.RunId}-{step.UpgradeHop.To}-{step.UpgradeHop.From}",
                entry, context.Journal.SaveAsync, "Undo-RestoreUpgrade", cancellationToken);
    }
}
