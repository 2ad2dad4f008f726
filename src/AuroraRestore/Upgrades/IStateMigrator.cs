using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Migrations;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Migrates one pipeline table's items between two pipeline versions, while the pipeline serves: idempotent (items
    /// already in the target format are skipped), resumable, and never overwriting an item a writer changed meanwhile.
    /// The seam between the upgrade engine and the streaming migration runner.
    /// </summary>
    public interface IStateMigrator
    {
        /// <param name="environment">Whose table.</param>
        /// <param name="table">State or Audit.</param>
        /// <param name="fromVersion">The hop's source pipeline version.</param>
        /// <param name="toVersion">The hop's target pipeline version.</param>
        /// <param name="migrationId">A stable id for the migration's checkpoints, the same when the step runs again.</param>
        /// <param name="cancellationToken">Cancels the migration (it resumes from its checkpoints).</param>
        Task<StateMigrationOutcome> MigrateAsync(PipelineEnvironment environment, MigrationTable table, string fromVersion, string toVersion, string migrationId, CancellationToken cancellationToken);
    }
}
