using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Completion;
using AuroraRestore.Versions;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Completes -TargetVersion with the versions the environment's deployed pipeline can be upgraded to, per the
    /// compatibility matrix. Attach it with [ArgumentCompleter(typeof(UpgradeTargetCompleter))] on a PipelineCmdlet.
    /// </summary>
    public sealed class UpgradeTargetCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => AwsCompletion.Complete(fakeBoundParameters, wordToComplete, async (context, environment, token) =>
            {
                using var cloudFormation = new CloudFormationClient(context);
                return await UpgradeTargetDiscovery.ListAsync(cloudFormation, PipelineVersionCatalog.Default, environment, token).ConfigureAwait(false);
            });
    }
}
