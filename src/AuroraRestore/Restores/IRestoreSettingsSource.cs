using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Restores
{
    /// <summary>Where an environment's restore settings come from (SSM Parameter Store, a file, a test).</summary>
    public interface IRestoreSettingsSource
    {
        /// <returns>The settings of the configuration document, or null when the environment has none.</returns>
        Task<RestoreSettings?> LoadAsync(PipelineEnvironment environment, CancellationToken cancellationToken);
    }
}
