using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Common;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// Publishes function versions and moves the <c>live</c> aliases the state machine calls. Versions and aliases are
    /// managed here, not in the templates (moto drops AWS::Lambda::Alias), and the aliases move only once every new
    /// version exists, so the pipeline never runs a mix of old and new code. Moving an alias back is an instant rollback.
    /// </summary>
    public sealed class LiveAliases
    {
        public const string AliasName = "live";

        private readonly ILambdaClient lambda;
        private readonly IOperationLog log;

        public LiveAliases(ILambdaClient lambda, IOperationLog log)
        {
            this.lambda = lambda;
            this.log = log;
        }

        /// <summary>Publishes the current code of each function as a new version (AWS returns the existing one if the code is unchanged).</summary>
        public async Task<IReadOnlyList<FunctionRelease>> PublishAsync(IEnumerable<string> functionNames, string description, CancellationToken cancellationToken)
        {
            var releases = new List<FunctionRelease>();
            foreach (var name in functionNames)
            {
                var previous = await lambda.GetAliasAsync(name, AliasName, cancellationToken).ConfigureAwait(false);
                var published = await lambda.PublishVersionAsync(name, description, cancellationToken).ConfigureAwait(false);
                releases.Add(new FunctionRelease(name, published.Version, previous?.FunctionVersion, published.CodeSha256));
            }

            return releases;
        }

        /// <summary>Points each function's <c>live</c> alias at the given version, creating the alias where it is missing.</summary>
        public async Task PointAsync(IEnumerable<KeyValuePair<string, string>> versionByFunction, string description, CancellationToken cancellationToken)
        {
            foreach (var pair in versionByFunction)
            {
                var current = await lambda.GetAliasAsync(pair.Key, AliasName, cancellationToken).ConfigureAwait(false);
                if (current == null)
                {
                    await lambda.CreateAliasAsync(pair.Key, AliasName, pair.Value, description, cancellationToken).ConfigureAwait(false);
                }
                else if (current.FunctionVersion != pair.Value)
                {
                    await lambda.UpdateAliasAsync(pair.Key, AliasName, pair.Value, description, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    log.Verbose($"{pair.Key}: {AliasName} already on version {pair.Value}");
                }
            }
        }

        /// <summary>Where each function's <c>live</c> alias points (null: no alias, or no function).</summary>
        public async Task<IReadOnlyDictionary<string, string?>> ReadAsync(IEnumerable<string> functionNames, CancellationToken cancellationToken)
        {
            var result = new SortedDictionary<string, string?>();
            foreach (var name in functionNames)
            {
                var alias = await lambda.GetAliasAsync(name, AliasName, cancellationToken).ConfigureAwait(false);
                result[name] = alias?.FunctionVersion;
            }

            return result;
        }
    }
}
