using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Shows what is deployed in an environment: version, stacks, tables, functions, state machine, configuration, in-progress operations.</summary>
    [Cmdlet(VerbsCommon.Get, "RestorePipeline")]
    [OutputType(typeof(PipelineInfo))]
    public sealed class GetRestorePipelineCommand : PipelineCmdlet
    {
        protected override void ProcessRecordCore()
        {
            using var aws = new AwsClients(AwsContext);
            WriteObject(Run(token => new PipelineReader(aws, AwsContext.Log).ReadAsync(PipelineEnvironment, token)));
        }
    }
}
