using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AuroraRestore.Completion;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Completes a backup name with the environment's backup sets, newest first. Attach it with
    /// [ArgumentCompleter(typeof(BackupNameCompleter))] on a cmdlet that also has -Environment (PipelineCmdlet).
    /// </summary>
    public sealed class BackupNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => AwsCompletion.Complete(fakeBoundParameters, wordToComplete, async (context, environment, token) =>
            {
                using var dynamoDb = context.CreateDynamoDb();
                return await BackupNameDiscovery.ListAsync(dynamoDb, environment, token).ConfigureAwait(false);
            });
    }
}
