using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Rollbacks;
using AuroraRestore.Verification;

namespace AuroraRestore.Rehearsals
{
    /// <summary>
    /// The rollback's own final verification, kept for the report: the rollback engine fails its verify step when a check
    /// fails (and then returns no result), so the checks are taken as they are made.
    /// </summary>
    internal sealed class CapturingRollbackVerifier : IRollbackVerifier
    {
        private readonly IRollbackVerifier inner;

        public CapturingRollbackVerifier(IRollbackVerifier inner)
        {
            this.inner = inner;
        }

        /// <summary>The checks of the last verification, or null when none ran.</summary>
        public IReadOnlyList<PipelineCheck>? Checks { get; private set; }

        public string? Version { get; private set; }

        public async Task<IReadOnlyList<PipelineCheck>> VerifyAsync(PipelineEnvironment environment, string version, IReadOnlyList<string> checks, CancellationToken cancellationToken)
        {
            var result = await inner.VerifyAsync(environment, version, checks, cancellationToken).ConfigureAwait(false);
            Checks = result;
            Version = version;
            return result;
        }
    }
}
