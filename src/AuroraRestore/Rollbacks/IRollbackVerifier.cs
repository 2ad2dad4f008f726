using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Verification;

namespace AuroraRestore.Rollbacks
{
    /// <summary>The verification a rollback ends with: the pipeline checked as the version it went back to.</summary>
    public interface IRollbackVerifier
    {
        /// <returns>One result per check; a check that finds a problem fails, it does not throw.</returns>
        Task<IReadOnlyList<PipelineCheck>> VerifyAsync(PipelineEnvironment environment, string version, IReadOnlyList<string> checks, CancellationToken cancellationToken);
    }
}
