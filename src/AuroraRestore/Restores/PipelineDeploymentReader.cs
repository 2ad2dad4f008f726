using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Restores
{
    /// <summary>Reads the deployed version and resources from the main stack's outputs (PipelineVersion, StateMachineArn, TopicArn).</summary>
    public static class PipelineDeploymentReader
    {
        public static async Task<PipelineDeployment> ReadAsync(ICloudFormationClient cloudFormation, PipelineEnvironment environment, CancellationToken cancellationToken)
        {
            var stack = await cloudFormation.DescribeStackAsync(environment.MainStackName, cancellationToken).ConfigureAwait(false);
            if (stack == null)
            {
                throw new AuroraRestoreException(
                    "PipelineNotInstalled", FailureCategory.ObjectNotFound, environment.MainStackName,
                    $"The pipeline of environment '{environment.Name}' is not installed: stack {environment.MainStackName} does not exist.",
                    "Install it with Install-RestorePipeline, or pass the right -Environment and -Region.");
            }

            if (!stack.Outputs.TryGetValue("PipelineVersion", out var version) || string.IsNullOrEmpty(version))
            {
                throw new AuroraRestoreException(
                    "PipelineVersionUnknown", FailureCategory.InvalidData, environment.MainStackName,
                    $"Stack {environment.MainStackName} has no PipelineVersion output, so the record formats cannot be chosen.",
                    "Repair the pipeline with Install-RestorePipeline or Update-RestorePipeline.");
            }

            stack.Outputs.TryGetValue("StateMachineArn", out var stateMachine);
            stack.Outputs.TryGetValue("TopicArn", out var topic);
            State.FormatVersions.Definition(version);
            return new PipelineDeployment(version, string.IsNullOrEmpty(stateMachine) ? null : stateMachine, string.IsNullOrEmpty(topic) ? null : topic);
        }
    }
}
