using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Iam
{
    /// <summary>The IAM operations the module uses (botocore: iam/2010-05-08, Query protocol, global endpoint).</summary>
    public interface IIamClient : IDisposable
    {
        /// <returns>The role, or null when it does not exist.</returns>
        Task<IamRole?> GetRoleAsync(string roleName, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListRolePolicyNamesAsync(string roleName, CancellationToken cancellationToken);

        /// <returns>The URL-decoded policy document (JSON).</returns>
        Task<string> GetRolePolicyDocumentAsync(string roleName, string policyName, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListAttachedRolePolicyArnsAsync(string roleName, CancellationToken cancellationToken);

        /// <returns>The document of the policy's default version (JSON).</returns>
        Task<string> GetManagedPolicyDocumentAsync(string policyArn, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListUserPolicyNamesAsync(string userName, CancellationToken cancellationToken);

        /// <returns>The URL-decoded policy document (JSON).</returns>
        Task<string> GetUserPolicyDocumentAsync(string userName, string policyName, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListAttachedUserPolicyArnsAsync(string userName, CancellationToken cancellationToken);

        /// <returns>The names of the groups the user is in (their policies apply to the user too).</returns>
        Task<IReadOnlyList<string>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListGroupPolicyNamesAsync(string groupName, CancellationToken cancellationToken);

        /// <returns>The URL-decoded policy document (JSON).</returns>
        Task<string> GetGroupPolicyDocumentAsync(string groupName, string policyName, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ListAttachedGroupPolicyArnsAsync(string groupName, CancellationToken cancellationToken);

        /// <summary>
        /// Evaluates actions for a principal with request context keys (e.g. cloudwatch:namespace), as string values.
        /// Not implemented by moto (HTTP 500).
        /// </summary>
        Task<IReadOnlyList<PolicyDecision>> SimulatePrincipalPolicyAsync(string principalArn, IEnumerable<string> actions, IEnumerable<string>? resourceArns, IReadOnlyDictionary<string, string> contextEntries, CancellationToken cancellationToken);

        /// <summary>
        /// Evaluates actions for a principal. Not implemented by moto (HTTP 500): callers fall back to
        /// the module's own evaluation of the principal's policies.
        /// </summary>
        Task<IReadOnlyList<PolicyDecision>> SimulatePrincipalPolicyAsync(string principalArn, IEnumerable<string> actions, IEnumerable<string>? resourceArns, CancellationToken cancellationToken);
    }

    public sealed class IamRole
    {
        public string RoleName { get; set; } = string.Empty;

        public string Arn { get; set; } = string.Empty;

        public string RoleId { get; set; } = string.Empty;

        /// <summary>URL-decoded trust policy (JSON).</summary>
        public string AssumeRolePolicyDocument { get; set; } = string.Empty;
    }

    public sealed class PolicyDecision
    {
        public string Action { get; set; } = string.Empty;

        public string Resource { get; set; } = string.Empty;

        /// <summary>allowed, explicitDeny or implicitDeny.</summary>
        public string Decision { get; set; } = string.Empty;
    }
}
