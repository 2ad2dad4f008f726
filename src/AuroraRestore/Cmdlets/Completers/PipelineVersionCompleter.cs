using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AuroraRestore.Versions;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Completes pipeline versions from the catalog.</summary>
    public sealed class PipelineVersionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => PipelineVersionCatalog.Default.Versions
                .Where(v => v.Version.StartsWith(wordToComplete ?? string.Empty, System.StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(v.Version, v.Version, CompletionResultType.ParameterValue, v.Notes.Length == 0 ? v.Version : v.Notes));
    }
}
