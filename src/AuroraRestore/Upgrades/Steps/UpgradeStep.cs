using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// One kind of upgrade step. A step is idempotent (run again after a kill, it finishes or changes nothing), and
    /// stores in its journal entry, before it changes anything, what a rollback needs to undo it.
    /// </summary>
    internal abstract class UpgradeStep
    {
        public abstract string Name { get; }

        /// <returns>A line saying what the step did (the journal's detail and the emitted UpgradeStepResult's).</returns>
        public abstract Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken);
    }
}
