using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Common;
using AuroraRestore.Security;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// Whether a role may call cloudwatch:PutMetricData in a namespace: IAM's simulate-principal-policy where the service
    /// implements it, otherwise the module's own evaluation of the role's policies (moto answers HTTP 500).
    /// </summary>
    public sealed class MetricsPermissionProbe
    {
        public const string Action = "cloudwatch:PutMetricData";
        private readonly IIamClient iam;
        private readonly IOperationLog log;

        public MetricsPermissionProbe(IIamClient iam, IOperationLog log)
        {
            this.iam = iam;
            this.log = log;
        }

        /// <returns>Whether it is allowed, and how that was decided (for the check's detail).</returns>
        public async Task<(bool Allowed, string How)> AllowsAsync(string roleArn, string metricsNamespace, CancellationToken cancellationToken)
        {
            var context = new Dictionary<string, string> { ["cloudwatch:namespace"] = metricsNamespace };
            try
            {
                var decisions = await iam.SimulatePrincipalPolicyAsync(roleArn, new[] { Action }, new[] { "*" }, context, cancellationToken).ConfigureAwait(false);
                var decision = decisions.FirstOrDefault(d => d.Action == Action)?.Decision ?? "implicitDeny";
                return (decision == "allowed", $"IAM simulate-principal-policy says {decision}");
            }
            catch (AwsServiceException ex)
            {
                log.Verbose($"IAM SimulatePrincipalPolicy is not available here ({ex.ErrorCode}); evaluating the role's policies instead");
            }

            var policies = await PrincipalPolicies.ReadAsync(iam, roleArn, cancellationToken).ConfigureAwait(false);
            var evaluation = PolicyEvaluator.Evaluate(policies, Action, "*", context);
            return (evaluation.IsAllowed, "the module's evaluation of the role's policies: " + evaluation);
        }
    }
}
