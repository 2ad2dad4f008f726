using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Security
{
    /// <summary>The outcome of a permission check of the caller: how it was decided and what is missing.</summary>
    public sealed class PermissionReport
    {
        /// <summary>IAM's policy simulator decided.</summary>
        public const string BySimulation = "simulation";

        /// <summary>The module evaluated the caller's identity policies itself (the simulator is not available).</summary>
        public const string ByOwnEvaluation = "own-evaluation";

        /// <summary>The caller is the account root, which IAM policies do not restrict.</summary>
        public const string ByRootIdentity = "root";

        /// <summary>
        /// The caller is an endpoint's default identity that IAM does not know and that has no policies (moto's
        /// root-like default user): treated as the account root.
        /// </summary>
        public const string ByEndpointDefaultIdentity = "endpoint-default-identity";

        /// <summary>Nothing could decide (an identity type the module cannot read): the check is reported, not enforced.</summary>
        public const string Inconclusive = "inconclusive";

        public string CallerArn { get; set; } = string.Empty;

        public string Method { get; set; } = string.Empty;

        public IReadOnlyList<PermissionDecision> Decisions { get; set; } = Array.Empty<PermissionDecision>();

        /// <summary>Why the method was chosen, what could not be read, conditional decisions.</summary>
        public IReadOnlyList<string> Notes { get; set; } = Array.Empty<string>();

        public IReadOnlyList<PermissionDecision> Missing => Decisions.Where(d => !d.IsAllowed).ToList();

        public bool Allowed => Missing.Count == 0;

        /// <summary>One line for a step's detail: caller, method, counts, notes.</summary>
        public string Summary()
        {
            var text = $"caller {CallerArn}: {Method}, {Decisions.Count(d => d.IsAllowed)} of {Decisions.Count} permissions allowed";
            if (Missing.Count > 0)
            {
                text += "; missing: " + string.Join(", ", Missing.Select(m => $"{m.Action} on {m.Resource} ({m.Decision})"));
            }

            return Notes.Count == 0 ? text : text + "; " + string.Join("; ", Notes);
        }
    }
}
