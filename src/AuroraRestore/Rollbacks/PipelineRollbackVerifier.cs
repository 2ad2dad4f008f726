using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Verification;

namespace AuroraRestore.Rollbacks
{
    /// <summary>The rollback's verification on the verifier Test-RestorePipeline runs (<see cref="PipelineVerifier"/>), without the sample restore.</summary>
    public sealed class PipelineRollbackVerifier : IRollbackVerifier
    {
        private readonly PipelineVerifier verifier;

        public PipelineRollbackVerifier(AwsClients aws, IOperationLog log)
        {
            verifier = new PipelineVerifier(aws, log);
        }

        public async Task<IReadOnlyList<PipelineCheck>> VerifyAsync(PipelineEnvironment environment, string version, IReadOnlyList<string> checks, CancellationToken cancellationToken)
        {
            var request = new VerificationRequest(environment) { ExpectedVersion = version, SampleRestore = false, Checks = checks.ToArray() };
            var target = await verifier.PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            return await verifier.VerifyAsync(request, target, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
