using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// One kind of rollback step. A step is idempotent (run again after a kill, it finishes or changes nothing) and reads
    /// what to restore from the upgrade journal record it undoes, whose values were written before the upgrade changed
    /// anything. A record without them means the upgrade step was killed before its change: nothing to undo.
    /// </summary>
    internal abstract class RollbackStep
    {
        /// <returns>A line saying what the step did (the journal's detail and the emitted RollbackStepResult's).</returns>
        public abstract Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, Upgrades.JournalEntry entry, CancellationToken cancellationToken);
    }
}
