using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Verified backup sets of an environment's state (both tables, both stacks, functions, state machine, configuration):
    /// what Backup-RestoreState, Test-RestoreStateBackup and Restore-RestoreState do, as a seam the upgrade and rollback
    /// engines call.
    /// </summary>
    public interface IStateBackupService
    {
        /// <summary>Takes a new backup set (on-demand table backups waited to AVAILABLE, stack and function exports, manifest).</summary>
        Task<RestoreStateBackup> CreateAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken);

        /// <summary>Checks, changing nothing, that a set of this name can be taken at <paramref name="location"/> (bucket or folder, pipeline, tables); throws the refusal CreateAsync would.</summary>
        Task ValidateCreateAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken);

        /// <summary>
        /// Takes a new set and proves it restorable in the same pass (each table's backup restored into a scratch table
        /// and compared with the live table as read just before the backup); records the verification in the set.
        /// What CreateAsync then VerifyAsync prove, with one read of each live table fewer.
        /// </summary>
        Task<CreatedBackupSet> CreateVerifiedAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken);

        /// <summary>Finds an existing backup set by name; throws BackupNotFound when there is none.</summary>
        Task<RestoreStateBackup> OpenAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken);

        /// <summary>Proves a set restorable (scratch-table restores, recounts, checksums, file hashes); never throws for a failed check.</summary>
        Task<BackupVerification> VerifyAsync(RestoreStateBackup backup, CancellationToken cancellationToken);

        /// <summary>Puts the tables (all, or the one named) back as they were in the set; resumable; backs the current contents up first.</summary>
        Task<TableRestoreResult> RestoreTablesAsync(RestoreStateBackup backup, string? tableName, CancellationToken cancellationToken);
    }
}
