using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Common;

namespace AuroraRestore.Security
{
    /// <summary>
    /// Reads every identity policy that applies to a role or a user: inline and attached managed policies, and for a
    /// user those of its groups. The input of <see cref="PolicyEvaluator"/> where simulate-principal-policy is missing.
    /// </summary>
    public static class PrincipalPolicies
    {
        public const string InvalidPrincipalErrorId = "InvalidPrincipalArn";
        public const string PrincipalNotFoundErrorId = "PrincipalNotFound";

        /// <param name="iam">The IAM client.</param>
        /// <param name="principalArn">arn:aws:iam::&lt;account&gt;:role/[path/]name or user/[path/]name.</param>
        /// <param name="cancellationToken">Cancels the IAM calls.</param>
        public static async Task<IReadOnlyList<NamedPolicy>> ReadAsync(IIamClient iam, string principalArn, CancellationToken cancellationToken)
        {
            var (kind, name) = Parse(principalArn);
            var policies = new List<NamedPolicy>();
            if (kind == "role")
            {
                if (await iam.GetRoleAsync(name, cancellationToken).ConfigureAwait(false) == null)
                {
                    throw new AuroraRestoreException(
                        PrincipalNotFoundErrorId, FailureCategory.ObjectNotFound, principalArn,
                        $"The role {name} does not exist.",
                        "Check the ARN; for a pipeline, the IAM stack's output LambdaRoleArn names its functions' role.");
                }

                foreach (var policyName in await iam.ListRolePolicyNamesAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    policies.Add(new NamedPolicy($"role/{name}/inline/{policyName}", await iam.GetRolePolicyDocumentAsync(name, policyName, cancellationToken).ConfigureAwait(false)));
                }

                await AddManagedAsync(iam, await iam.ListAttachedRolePolicyArnsAsync(name, cancellationToken).ConfigureAwait(false), policies, cancellationToken).ConfigureAwait(false);
                return policies;
            }

            foreach (var policyName in await iam.ListUserPolicyNamesAsync(name, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(new NamedPolicy($"user/{name}/inline/{policyName}", await iam.GetUserPolicyDocumentAsync(name, policyName, cancellationToken).ConfigureAwait(false)));
            }

            await AddManagedAsync(iam, await iam.ListAttachedUserPolicyArnsAsync(name, cancellationToken).ConfigureAwait(false), policies, cancellationToken).ConfigureAwait(false);
            foreach (var group in await iam.ListGroupsForUserAsync(name, cancellationToken).ConfigureAwait(false))
            {
                foreach (var policyName in await iam.ListGroupPolicyNamesAsync(group, cancellationToken).ConfigureAwait(false))
                {
                    policies.Add(new NamedPolicy($"group/{group}/inline/{policyName}", await iam.GetGroupPolicyDocumentAsync(group, policyName, cancellationToken).ConfigureAwait(false)));
                }

                await AddManagedAsync(iam, await iam.ListAttachedGroupPolicyArnsAsync(group, cancellationToken).ConfigureAwait(false), policies, cancellationToken).ConfigureAwait(false);
            }

            return policies;
        }

        /// <summary>Splits a role or user ARN into its kind and name (the path is not part of the name).</summary>
        public static (string Kind, string Name) Parse(string principalArn)
        {
            var parts = principalArn?.Split(new[] { ':' }, 6);
            if (parts == null || parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[1].Length == 0)
            {
                throw Invalid(principalArn);
            }

            var resource = parts[5];
            var slash = resource.IndexOf('/');
            var kind = slash < 0 ? string.Empty : resource.Substring(0, slash);
            var name = resource.Substring(resource.LastIndexOf('/') + 1);
            if ((kind != "role" && kind != "user") || name.Length == 0)
            {
                throw Invalid(principalArn);
            }

            return (kind, name);
        }

        private static async Task AddManagedAsync(IIamClient iam, IEnumerable<string> arns, List<NamedPolicy> policies, CancellationToken cancellationToken)
        {
            foreach (var arn in arns)
            {
                if (policies.Exists(p => p.Name == arn))
                {
                    continue;
                }

                policies.Add(new NamedPolicy(arn, await iam.GetManagedPolicyDocumentAsync(arn, cancellationToken).ConfigureAwait(false)));
            }
        }

        private static AuroraRestoreException Invalid(string? principalArn) => new AuroraRestoreException(
            InvalidPrincipalErrorId, FailureCategory.InvalidArgument, principalArn,
            $"'{principalArn}' is not the ARN of an IAM role or user.",
            "Pass an ARN like arn:aws:iam::123456789012:role/aurora-restore-lambda-role (or ...:user/name).");
    }
}
