using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Restores
{
    /// <summary>Reads the configuration document from SSM Parameter Store (<c>/aurora-restore/&lt;env&gt;/config</c>).</summary>
    public sealed class SsmRestoreSettingsSource : IRestoreSettingsSource
    {
        private readonly IAmazonSimpleSystemsManagement ssm;

        public SsmRestoreSettingsSource(IAmazonSimpleSystemsManagement ssm)
        {
            this.ssm = ssm;
        }

        public async Task<RestoreSettings?> LoadAsync(PipelineEnvironment environment, CancellationToken cancellationToken)
        {
            try
            {
                var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = environment.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
                return RestoreSettings.FromConfigurationJson(response.Parameter.Value, "SSM parameter " + environment.ConfigurationParameterName);
            }
            catch (ParameterNotFoundException)
            {
                return null;
            }
        }
    }
}
