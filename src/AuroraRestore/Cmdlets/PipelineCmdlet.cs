using System.Management.Automation;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Base of the cmdlets that act on one pipeline environment.</summary>
    public abstract class PipelineCmdlet : AuroraRestoreCmdlet
    {
        /// <summary>The pipeline environment; <c>production</c> uses the migration guide's resource names.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EnvironmentCompleter))]
        [ValidateNotNullOrEmpty]
        public string Environment { get; set; } = PipelineEnvironment.Production;

        protected PipelineEnvironment PipelineEnvironment => PipelineEnvironment.Named(Environment);
    }
}
