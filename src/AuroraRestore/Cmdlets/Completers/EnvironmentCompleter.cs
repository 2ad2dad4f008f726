using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Completion;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Completes -Environment with the environments deployed in the region (from its stacks).</summary>
    public sealed class EnvironmentCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => AwsCompletion.Complete(fakeBoundParameters, wordToComplete, async (context, environment, token) =>
            {
                using var cloudFormation = new CloudFormationClient(context);
                return await EnvironmentDiscovery.ListAsync(cloudFormation, token).ConfigureAwait(false);
            });
    }
}
