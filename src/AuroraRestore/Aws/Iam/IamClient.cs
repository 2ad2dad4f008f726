using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Iam
{
    /// <summary>IAM over the Query protocol (botocore: iam/2010-05-08). IAM is global: one endpoint, signed for us-east-1.</summary>
    public sealed class IamClient : QueryServiceClient, IIamClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("IAM", "iam", "iam", global: true);

        // botocore: roleNameType and policyNameType are [\w+=,.@-]+ where \w is ASCII (Java semantics, not .NET's Unicode \w).
        private static readonly Regex RoleNamePattern = new Regex("^[A-Za-z0-9_+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex UserNamePattern = new Regex("^[A-Za-z0-9_+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex GroupNamePattern = new Regex("^[A-Za-z0-9_+=,.@-]{1,128}$", RegexOptions.CultureInvariant);
        private static readonly Regex PolicyNamePattern = new Regex("^[A-Za-z0-9_+=,.@-]{1,128}$", RegexOptions.CultureInvariant);
        private int? pageSize;

        public IamClient(AwsContext context)
            : base(context, Endpoint, "2010-05-08")
        {
        }

        /// <summary>
        /// MaxItems for the list operations (1 to 1000), or null for IAM's default (100). Every page is read either way;
        /// a small value only makes more round trips (tests use it to exercise paging).
        /// </summary>
        public int? PageSize
        {
            get => pageSize;
            set
            {
                if (value.HasValue && (value.Value < 1 || value.Value > 1000))
                {
                    throw new AuroraRestoreException(
                        "AwsParameterOutOfRange", FailureCategory.InvalidArgument, value.Value,
                        $"IAM page size must be 1 to 1000; {value.Value} was given.",
                        "Leave the page size unset, or choose a value from 1 to 1000.");
                }

                pageSize = value;
            }
        }

        public async Task<IamRole?> GetRoleAsync(string roleName, CancellationToken cancellationToken)
        {
            CheckRoleName(roleName, "GetRole");
            XElement result;
            try
            {
                result = await InvokeAsync(NewRequest("GetRole").Add("RoleName", roleName), roleName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchEntity")
            {
                return null;
            }

            var role = Xml.Child(result, "Role");
            return new IamRole
            {
                RoleName = Xml.Text(role, "RoleName") ?? string.Empty,
                Arn = Xml.Text(role, "Arn") ?? string.Empty,
                RoleId = Xml.Text(role, "RoleId") ?? string.Empty,
                AssumeRolePolicyDocument = DecodePolicy(Xml.Text(role, "AssumeRolePolicyDocument")),
            };
        }

        public Task<IReadOnlyList<string>> ListRolePolicyNamesAsync(string roleName, CancellationToken cancellationToken)
        {
            CheckRoleName(roleName, "ListRolePolicies");
            return ListAllAsync(
                "ListRolePolicies",
                roleName,
                query => query.Add("RoleName", roleName),
                result => Xml.Strings(result, "PolicyNames"),
                cancellationToken);
        }

        public async Task<string> GetRolePolicyDocumentAsync(string roleName, string policyName, CancellationToken cancellationToken)
        {
            CheckRoleName(roleName, "GetRolePolicy");
            CheckPolicyName(policyName, "GetRolePolicy");
            var query = NewRequest("GetRolePolicy").Add("RoleName", roleName).Add("PolicyName", policyName);
            var result = await InvokeAsync(query, $"{roleName} {policyName}", cancellationToken).ConfigureAwait(false);
            return DecodePolicy(Xml.Text(result, "PolicyDocument"));
        }

        public Task<IReadOnlyList<string>> ListAttachedRolePolicyArnsAsync(string roleName, CancellationToken cancellationToken)
        {
            CheckRoleName(roleName, "ListAttachedRolePolicies");
            return ListAllAsync(
                "ListAttachedRolePolicies",
                roleName,
                query => query.Add("RoleName", roleName),
                result => Xml.Members(result, "AttachedPolicies").Select(p => Xml.Text(p, "PolicyArn") ?? string.Empty),
                cancellationToken);
        }

        /// <summary>Two calls: GetPolicy for the default version id, then GetPolicyVersion for its document.</summary>
        public async Task<string> GetManagedPolicyDocumentAsync(string policyArn, CancellationToken cancellationToken)
        {
            CheckArn(policyArn, "PolicyArn", "GetPolicy", "InvalidPolicyArn");
            var policy = await InvokeAsync(NewRequest("GetPolicy").Add("PolicyArn", policyArn), policyArn, cancellationToken).ConfigureAwait(false);
            var versionId = Xml.Text(Xml.Child(policy, "Policy"), "DefaultVersionId");
            if (string.IsNullOrEmpty(versionId))
            {
                throw new AuroraRestoreException(
                    "PolicyDefaultVersionMissing", FailureCategory.InvalidResult, policyArn,
                    $"IAM GetPolicy for {policyArn} answered without a default version id.",
                    "Check the policy in the IAM console; set a default version with 'aws iam set-default-policy-version'.");
            }

            var query = NewRequest("GetPolicyVersion").Add("PolicyArn", policyArn).Add("VersionId", versionId);
            var version = await InvokeAsync(query, $"{policyArn} {versionId}", cancellationToken).ConfigureAwait(false);
            return DecodePolicy(Xml.Text(Xml.Child(version, "PolicyVersion"), "Document"));
        }

        public Task<IReadOnlyList<string>> ListUserPolicyNamesAsync(string userName, CancellationToken cancellationToken)
        {
            CheckName(userName, "UserName", "ListUserPolicies", UserNamePattern);
            return ListAllAsync("ListUserPolicies", userName, query => query.Add("UserName", userName), result => Xml.Strings(result, "PolicyNames"), cancellationToken);
        }

        public async Task<string> GetUserPolicyDocumentAsync(string userName, string policyName, CancellationToken cancellationToken)
        {
            CheckName(userName, "UserName", "GetUserPolicy", UserNamePattern);
            CheckPolicyName(policyName, "GetUserPolicy");
            var result = await InvokeAsync(NewRequest("GetUserPolicy").Add("UserName", userName).Add("PolicyName", policyName), $"{userName} {policyName}", cancellationToken).ConfigureAwait(false);
            return DecodePolicy(Xml.Text(result, "PolicyDocument"));
        }

        public Task<IReadOnlyList<string>> ListAttachedUserPolicyArnsAsync(string userName, CancellationToken cancellationToken)
        {
            CheckName(userName, "UserName", "ListAttachedUserPolicies", UserNamePattern);
            return ListAllAsync(
                "ListAttachedUserPolicies",
                userName,
                query => query.Add("UserName", userName),
                result => Xml.Members(result, "AttachedPolicies").Select(p => Xml.Text(p, "PolicyArn") ?? string.Empty),
                cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken)
        {
            CheckName(userName, "UserName", "ListGroupsForUser", UserNamePattern);
            return ListAllAsync(
                "ListGroupsForUser",
                userName,
                query => query.Add("UserName", userName),
                result => Xml.Members(result, "Groups").Select(g => Xml.Text(g, "GroupName") ?? string.Empty),
                cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListGroupPolicyNamesAsync(string groupName, CancellationToken cancellationToken)
        {
            CheckName(groupName, "GroupName", "ListGroupPolicies", GroupNamePattern);
            return ListAllAsync("ListGroupPolicies", groupName, query => query.Add("GroupName", groupName), result => Xml.Strings(result, "PolicyNames"), cancellationToken);
        }

        public async Task<string> GetGroupPolicyDocumentAsync(string groupName, string policyName, CancellationToken cancellationToken)
        {
            CheckName(groupName, "GroupName", "GetGroupPolicy", GroupNamePattern);
            CheckPolicyName(policyName, "GetGroupPolicy");
            var result = await InvokeAsync(NewRequest("GetGroupPolicy").Add("GroupName", groupName).Add("PolicyName", policyName), $"{groupName} {policyName}", cancellationToken).ConfigureAwait(false);
            return DecodePolicy(Xml.Text(result, "PolicyDocument"));
        }

        public Task<IReadOnlyList<string>> ListAttachedGroupPolicyArnsAsync(string groupName, CancellationToken cancellationToken)
        {
            CheckName(groupName, "GroupName", "ListAttachedGroupPolicies", GroupNamePattern);
            return ListAllAsync(
                "ListAttachedGroupPolicies",
                groupName,
                query => query.Add("GroupName", groupName),
                result => Xml.Members(result, "AttachedPolicies").Select(p => Xml.Text(p, "PolicyArn") ?? string.Empty),
                cancellationToken);
        }

        public Task<IReadOnlyList<PolicyDecision>> SimulatePrincipalPolicyAsync(string principalArn, IEnumerable<string> actions, IEnumerable<string>? resourceArns, CancellationToken cancellationToken)
            => SimulatePrincipalPolicyAsync(principalArn, actions, resourceArns, new Dictionary<string, string>(), cancellationToken);

        public async Task<IReadOnlyList<PolicyDecision>> SimulatePrincipalPolicyAsync(string principalArn, IEnumerable<string> actions, IEnumerable<string>? resourceArns, IReadOnlyDictionary<string, string> contextEntries, CancellationToken cancellationToken)
        {
            if (contextEntries == null)
            {
                throw new ArgumentNullException(nameof(contextEntries));
            }

            CheckArn(principalArn, "PolicySourceArn", "SimulatePrincipalPolicy", "InvalidPrincipalArn");
            var actionList = RequestGuard.RequiredItems(actions, "ActionNames", "SimulatePrincipalPolicy", allowEmpty: false);
            foreach (var action in actionList)
            {
                RequestGuard.Length(action, "ActionNames", "SimulatePrincipalPolicy", 3, 128);
            }

            var resourceList = RequestGuard.RequiredItems(resourceArns, "ResourceArns", "SimulatePrincipalPolicy", allowEmpty: true);
            var decisions = new List<PolicyDecision>();
            string? marker = null;
            do
            {
                var query = NewRequest("SimulatePrincipalPolicy")
                    .Add("PolicySourceArn", principalArn)
                    .AddList("ActionNames", actionList)
                    .AddList("ResourceArns", resourceList.Count == 0 ? null : resourceList)
                    .AddList("ContextEntries", contextEntries.OrderBy(e => e.Key, StringComparer.Ordinal), e => new[]
                    {
                        new KeyValuePair<string, string?>("ContextKeyName", e.Key),
                        new KeyValuePair<string, string?>("ContextKeyValues.member.1", e.Value),
                        new KeyValuePair<string, string?>("ContextKeyType", "string"),
                    })
                    .Add("MaxItems", pageSize)
                    .Add("Marker", marker);
                var result = await InvokeAsync(query, $"{principalArn} ({actionList.Count} actions)", cancellationToken).ConfigureAwait(false);
                decisions.AddRange(Xml.Members(result, "EvaluationResults").Select(e => new PolicyDecision
                {
                    Action = Xml.Text(e, "EvalActionName") ?? string.Empty,
                    Resource = Xml.Text(e, "EvalResourceName") ?? string.Empty,
                    Decision = Xml.Text(e, "EvalDecision") ?? string.Empty,
                }));
                marker = NextMarker(result);
            }
            while (marker != null);

            return decisions;
        }

        /// <summary>
        /// IAM answers policy documents URL-encoded (RFC 3986: '+' is a plus, not a space), as botocore's
        /// json_decode_policies handler undoes with urllib's unquote.
        /// </summary>
        public static string DecodePolicy(string? encoded) => string.IsNullOrEmpty(encoded) ? string.Empty : Uri.UnescapeDataString(encoded);

        private async Task<IReadOnlyList<string>> ListAllAsync(string action, string narration, Func<QueryRequest, QueryRequest> addInput, Func<XElement, IEnumerable<string>> itemsOf, CancellationToken cancellationToken)
        {
            var items = new List<string>();
            string? marker = null;
            do
            {
                var query = addInput(NewRequest(action)).Add("MaxItems", pageSize).Add("Marker", marker);
                var result = await InvokeAsync(query, marker == null ? narration : $"{narration} (next page after {items.Count})", cancellationToken).ConfigureAwait(false);
                items.AddRange(itemsOf(result));
                marker = NextMarker(result);
            }
            while (marker != null);

            return items;
        }

        /// <summary>IAM pages with IsTruncated + Marker (not NextToken).</summary>
        private static string? NextMarker(XElement result)
        {
            var marker = Xml.Text(result, "Marker");
            return Xml.Bool(result, "IsTruncated") == true && !string.IsNullOrEmpty(marker) ? marker : null;
        }

        private static void CheckRoleName(string? roleName, string operation)
        {
            RequestGuard.Required(roleName, "RoleName", operation);
            if (!RoleNamePattern.IsMatch(roleName!))
            {
                throw new AuroraRestoreException(
                    "InvalidRoleName", FailureCategory.InvalidArgument, roleName,
                    $"{operation}: '{RequestGuard.Shorten(roleName!)}' is not a valid IAM role name.",
                    "A role name is 1 to 64 characters: letters, digits and _+=,.@- (pass the name, not the ARN).");
            }
        }

        private static void CheckName(string? name, string parameter, string operation, Regex pattern)
        {
            RequestGuard.Required(name, parameter, operation);
            if (!pattern.IsMatch(name!))
            {
                throw new AuroraRestoreException(
                    "Invalid" + parameter, FailureCategory.InvalidArgument, name,
                    $"{operation}: '{RequestGuard.Shorten(name!)}' is not a valid IAM {parameter}.",
                    $"An IAM {parameter} is letters, digits and _+=,.@- (pass the name, not the ARN).");
            }
        }

        private static void CheckPolicyName(string? policyName, string operation)
        {
            RequestGuard.Required(policyName, "PolicyName", operation);
            if (!PolicyNamePattern.IsMatch(policyName!))
            {
                throw new AuroraRestoreException(
                    "InvalidPolicyName", FailureCategory.InvalidArgument, policyName,
                    $"{operation}: '{RequestGuard.Shorten(policyName!)}' is not a valid IAM policy name.",
                    "A policy name is 1 to 128 characters: letters, digits and _+=,.@-.");
            }
        }

        private static void CheckArn(string? arn, string parameter, string operation, string errorId)
        {
            RequestGuard.Required(arn, parameter, operation);
            if (!arn!.StartsWith("arn:", StringComparison.Ordinal) || arn.Length < 20 || arn.Length > 2048)
            {
                throw new AuroraRestoreException(
                    errorId, FailureCategory.InvalidArgument, arn,
                    $"{operation}: '{RequestGuard.Shorten(arn)}' is not an ARN ({parameter}).",
                    $"Pass a full ARN for {parameter}, such as arn:aws:iam::123456789012:policy/name.");
            }
        }
    }
}
