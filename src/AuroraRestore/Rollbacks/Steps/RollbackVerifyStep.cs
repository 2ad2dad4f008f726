using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;
using AuroraRestore.Verification;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>
    /// The pipeline verified as the version it went back to, with the checks Test-RestorePipeline runs (function
    /// versions and live aliases, state machine definition and a probe execution, table schema and item formats,
    /// monitoring), without the sample restore. A failed check fails the step (RollbackVerificationFailed); run again, it re-checks.
    /// </summary>
    internal sealed class RollbackVerifyStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var version = context.Plan.ToVersion;
            var checks = await context.Verifier.VerifyAsync(context.Environment, version, context.Options.VerificationChecks, cancellationToken).ConfigureAwait(false);
            context.Verification = checks;
            var failed = checks.Where(c => c.Outcome == CheckOutcome.Failed).ToList();
            entry.SetList("passed", checks.Where(c => c.Passed).Select(c => c.Name));
            entry.SetList("failed", failed.Select(c => c.Name));
            if (failed.Count > 0)
            {
                throw new AuroraRestoreException(
                    RollbackErrorIds.RollbackVerificationFailed, FailureCategory.InvalidResult, context.Environment.Name,
                    $"After the rollback, environment '{context.Environment.Name}' does not verify as {version}: {string.Join(" ", failed.Select(c => c.Name + ": " + c.Detail + "."))}",
                    string.Join(" ", failed.Select(c => c.Name + ": " + c.Fix)) + " Then run Undo-RestoreUpgrade again: it re-checks.");
            }

            entry.Set("verified_version", version);
            return $"environment '{context.Environment.Name}' verifies as {version}: {string.Join(", ", checks.Select(c => c.Name + " " + c.Outcome))}";
        }
    }
}
