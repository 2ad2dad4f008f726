using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// The guide's migrate_state script: state, then audit items to the hop's formats, while the pipeline serves (its
    /// readers accept both formats and the migrator never overwrites an item written meanwhile). Each table is journaled
    /// when done with its counts and checksums, so a resumed step continues with the next table (and the migrator from
    /// its own checkpoints).
    /// </summary>
    internal sealed class StateMigrationStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.StateMigration;

        public override Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
            => JournaledStateMigration.RunAsync(
                context.Services.Migrator, context.Environment, hop!.From, hop.To, $"upgrade-{context.RunId}-{hop.From}-{hop.To}",
                entry, context.Journal.SaveAsync, "the upgrade", cancellationToken);
    }
}
