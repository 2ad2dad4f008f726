using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;
using AuroraRestore.Completion;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// What the completers that ask AWS share: the AWS settings typed so far on the command line (-Region, -ProfileName,
    /// -Credential, -EndpointUrl, -Environment), one attempt per call, and a time limit. A completer runs while the
    /// user types: it must never hang and never throw, so on any failure or timeout it offers nothing.
    /// </summary>
    internal static class AwsCompletion
    {
        /// <summary>The variable that changes <see cref="TimeLimit"/>: whole seconds, 1 to 30 (for slow links).</summary>
        public const string TimeLimitVariable = "AURORARESTORE_COMPLETION_TIMEOUT";

        /// <summary>How long a completion may ask AWS before it gives up and offers nothing: 3 seconds by default.</summary>
        public static TimeSpan TimeLimit
            => int.TryParse(System.Environment.GetEnvironmentVariable(TimeLimitVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 1 && seconds <= 30
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromSeconds(3);

        public static IEnumerable<CompletionResult> Complete(
            IDictionary fakeBoundParameters,
            string? wordToComplete,
            Func<AwsContext, PipelineEnvironment, CancellationToken, Task<IReadOnlyList<CompletionCandidate>>> list)
        {
            IReadOnlyList<CompletionCandidate> candidates;
            try
            {
                var environment = Text(fakeBoundParameters, "Environment") ?? PipelineEnvironment.Production;
                if (!PipelineEnvironment.IsValidName(environment))
                {
                    return Array.Empty<CompletionResult>();
                }

                var limit = TimeLimit;
                using var cancellation = new CancellationTokenSource(limit);
                // Resolving credentials may probe instance metadata synchronously: run everything on the pool and stop
                // waiting at the time limit, whatever is still running.
                var work = Task.Run(() =>
                {
                    var context = AwsContext.Resolve(
                        Text(fakeBoundParameters, "Region"),
                        Text(fakeBoundParameters, "ProfileName"),
                        Credentials(fakeBoundParameters),
                        Text(fakeBoundParameters, "EndpointUrl"),
                        NullOperationLog.Instance,
                        new AwsRetryPolicy(maxAttempts: 1));
                    return list(context, PipelineEnvironment.Named(environment), cancellation.Token);
                });
                if (!work.Wait(limit))
                {
                    return Array.Empty<CompletionResult>();
                }

                candidates = work.Result;
            }
#pragma warning disable CA1031 // Offering nothing is the only sensible answer to any failure while the user types.
            catch (Exception)
#pragma warning restore CA1031
            {
                return Array.Empty<CompletionResult>();
            }

            return Filter(candidates, wordToComplete);
        }

        public static IEnumerable<CompletionResult> Filter(IEnumerable<CompletionCandidate> candidates, string? wordToComplete)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return candidates
                .Where(c => c.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c.Value, c.Value, CompletionResultType.ParameterValue, c.Description))
                .ToList();
        }

        private static string? Text(IDictionary parameters, string name)
        {
            if (!parameters.Contains(name))
            {
                return null;
            }

            var value = parameters[name] is PSObject wrapped ? wrapped.BaseObject : parameters[name];
            return value is string text && text.Length > 0 ? text : null;
        }

        private static AWSCredentials? Credentials(IDictionary parameters)
        {
            var value = parameters.Contains("Credential") ? parameters["Credential"] : null;
            var credential = (value is PSObject wrapped ? wrapped.BaseObject : value) as PSCredential;
            return credential == null ? null : new BasicAWSCredentials(credential.UserName, credential.GetNetworkCredential().Password);
        }
    }
}
