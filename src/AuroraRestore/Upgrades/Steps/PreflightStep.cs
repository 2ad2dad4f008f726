using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Security;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>Records what the preflight found (it ran before the lock was taken, changing nothing): permissions, stacks, restores in progress.</summary>
    internal sealed class PreflightStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.Preflight;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var permissions = context.Preparation.Permissions;
            entry.Set("permission_method", permissions?.Method);
            entry.Set("caller", permissions?.CallerArn);
            entry.Set("stacks", context.Preparation.Stacks);
            entry.Set("drain", context.DrainSummary ?? "not checked (resumed run)");
            await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            return $"permissions: {permissions?.Summary() ?? "not checked"}; stacks: {context.Preparation.Stacks}; {context.DrainSummary ?? "resumed run: restores not drained"}";
        }
    }
}
