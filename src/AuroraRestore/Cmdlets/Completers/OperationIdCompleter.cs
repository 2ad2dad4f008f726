using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AuroraRestore.Completion;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Completes -OperationId with the environment's restore operations, running ones first. Attach it with
    /// [ArgumentCompleter(typeof(OperationIdCompleter))] on a cmdlet that also has -Environment (PipelineCmdlet).
    /// </summary>
    public sealed class OperationIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => AwsCompletion.Complete(fakeBoundParameters, wordToComplete, async (context, environment, token) =>
            {
                using var dynamoDb = context.CreateDynamoDb();
                return await OperationIdDiscovery.ListAsync(dynamoDb, environment, (wordToComplete ?? string.Empty).Trim('\'', '"'), token).ConfigureAwait(false);
            });
    }
}
