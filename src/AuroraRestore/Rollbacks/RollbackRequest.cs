using AuroraRestore.Pipelines;

namespace AuroraRestore.Rollbacks
{
    /// <summary>What Undo-RestoreUpgrade was asked to do.</summary>
    public sealed class RollbackRequest
    {
        public RollbackRequest(PipelineEnvironment environment)
        {
            Environment = environment;
        }

        public PipelineEnvironment Environment { get; }

        /// <summary>-ToVersion (exact or family spelling): a version on the run's path; null: the version the run started from.</summary>
        public string? ToVersion { get; set; }

        /// <summary>-Method; null: ReverseMigration, or the method of the unfinished rollback being resumed.</summary>
        public RollbackMethod? Method { get; set; }
    }
}
