using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Restores
{
    /// <summary>Reads the configuration document from a JSON file (the same document Install-RestorePipeline imports).</summary>
    public sealed class FileRestoreSettingsSource : IRestoreSettingsSource
    {
        private readonly string path;

        public FileRestoreSettingsSource(string path)
        {
            this.path = path;
        }

        public async Task<RestoreSettings?> LoadAsync(PipelineEnvironment environment, CancellationToken cancellationToken)
        {
            if (!File.Exists(path))
            {
                throw new AuroraRestoreException(
                    "ConfigurationFileNotFound", FailureCategory.ObjectNotFound, path,
                    $"The configuration file '{path}' does not exist.",
                    "Pass the path of a configuration document (docs/formats/configuration.md).");
            }

            var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return RestoreSettings.FromConfigurationJson(json, path);
        }
    }
}
