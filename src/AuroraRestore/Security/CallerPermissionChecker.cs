using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Sts;
using AuroraRestore.Common;

namespace AuroraRestore.Security
{
    /// <summary>
    /// Checks that the caller may make the calls a command needs, before it changes anything: IAM's policy simulator
    /// (SimulatePrincipalPolicy) where the endpoint implements it, otherwise the module's own evaluation of the caller's
    /// identity policies (<see cref="PolicyEvaluator"/>): a user's inline, attached and group policies, or an assumed
    /// role's inline and attached policies.
    /// </summary>
    public sealed class CallerPermissionChecker
    {
        private readonly IStsClient sts;
        private readonly IIamClient iam;
        private readonly IIamClient simulator;
        private readonly bool customEndpoint;
        private readonly IOperationLog log;

        /// <param name="sts">Who the caller is.</param>
        /// <param name="iam">Reads the caller's policies.</param>
        /// <param name="simulator">Runs SimulatePrincipalPolicy; best built with few retries, since a failure falls back.</param>
        /// <param name="customEndpoint">True when every call goes to one endpoint (moto, LocalStack), whose default identity may be unknown to IAM.</param>
        /// <param name="log">Narration.</param>
        public CallerPermissionChecker(IStsClient sts, IIamClient iam, IIamClient simulator, bool customEndpoint, IOperationLog log)
        {
            this.sts = sts;
            this.iam = iam;
            this.simulator = simulator;
            this.customEndpoint = customEndpoint;
            this.log = log;
        }

        public async Task<PermissionReport> CheckAsync(IReadOnlyList<RequiredPermission> required, CancellationToken cancellationToken)
        {
            var identity = await sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            var report = new PermissionReport { CallerArn = identity.Arn };
            var arn = ArnParts.Parse(identity.Arn);
            if (arn == null)
            {
                return Inconclusive(report, required, $"the caller's ARN '{identity.Arn}' could not be read");
            }

            if (arn.Resource == "root")
            {
                report.Method = PermissionReport.ByRootIdentity;
                report.Decisions = required.Select(r => new PermissionDecision(r.Action, r.Resource, PermissionDecision.Allowed, "account root")).ToList();
                report.Notes = new[] { "the account root is not restricted by IAM policies (use a role with least privilege instead)" };
                return report;
            }

            var principal = await PrincipalAsync(arn, cancellationToken).ConfigureAwait(false);
            if (principal == null)
            {
                return Inconclusive(report, required, $"the caller is a {arn.Resource.Split('/')[0]}, whose policies the module cannot read");
            }

            var simulated = await TrySimulateAsync(principal.Value.Arn, required, cancellationToken).ConfigureAwait(false);
            if (simulated.Decisions != null)
            {
                report.Method = PermissionReport.BySimulation;
                report.Decisions = simulated.Decisions;
                return report;
            }

            var notes = new List<string> { $"IAM policy simulation not available ({simulated.Reason}): evaluated the caller's identity policies" };
            var documents = await ReadPoliciesAsync(principal.Value, notes, cancellationToken).ConfigureAwait(false);
            if (documents == null)
            {
                if (customEndpoint)
                {
                    // moto's default identity (arn:aws:sts::123456789012:user/moto) is no IAM user and may do everything.
                    report.Method = PermissionReport.ByEndpointDefaultIdentity;
                    report.Decisions = required.Select(r => new PermissionDecision(r.Action, r.Resource, PermissionDecision.Allowed, "endpoint default identity")).ToList();
                    report.Notes = new[] { $"{principal.Value.Kind} {principal.Value.Name} is unknown to IAM and has no policies: the endpoint's root-like default identity, treated as the account root" };
                    return report;
                }

                return Inconclusive(report, required, $"{principal.Value.Kind} {principal.Value.Name} is unknown to IAM");
            }

            var policies = documents.Select(d => new NamedPolicy(d.Key, d.Value)).ToList();
            report.Method = PermissionReport.ByOwnEvaluation;
            report.Decisions = required.Select(r => ToDecision(r, PolicyEvaluator.Evaluate(policies, r.Action, r.Resource))).ToList();
            notes.AddRange(report.Decisions.Where(d => d.Conditional).Select(d => $"{d.Action} on {d.Resource} depends on a condition of {d.MatchedBy}"));
            report.Notes = notes;
            return report;
        }

        /// <summary>
        /// An undecidable answer (a condition the evaluator cannot check) is reported as allowed but conditional, with the
        /// statements named in the report's notes: AWS decides at call time, and a refused call stops the run at a step boundary.
        /// </summary>
        private static PermissionDecision ToDecision(RequiredPermission required, PolicyEvaluation evaluation) => evaluation.Decision switch
        {
            AccessDecision.Allowed => new PermissionDecision(required.Action, required.Resource, PermissionDecision.Allowed, string.Join(", ", evaluation.DecidingStatements)),
            AccessDecision.ExplicitDeny => new PermissionDecision(required.Action, required.Resource, PermissionDecision.ExplicitDeny, string.Join(", ", evaluation.DecidingStatements)),
            AccessDecision.ImplicitDeny => new PermissionDecision(required.Action, required.Resource, PermissionDecision.ImplicitDeny),
            _ => new PermissionDecision(required.Action, required.Resource, PermissionDecision.Allowed, string.Join(", ", evaluation.UndecidableStatements), conditional: true),
        };

        private PermissionReport Inconclusive(PermissionReport report, IReadOnlyList<RequiredPermission> required, string why)
        {
            log.Warning($"Permissions not checked: {why}. AWS will refuse any call the caller may not make; the command can then be run again.");
            report.Method = PermissionReport.Inconclusive;
            report.Decisions = required.Select(r => new PermissionDecision(r.Action, r.Resource, PermissionDecision.Allowed, "not checked", conditional: true)).ToList();
            report.Notes = new[] { "not checked: " + why };
            return report;
        }

        private async Task<(string Kind, string Name, string Arn)?> PrincipalAsync(ArnParts arn, CancellationToken cancellationToken)
        {
            var parts = arn.Resource.Split('/');
            switch (parts[0])
            {
                case "user":
                    // STS names users by their IAM ARN (moto says arn:aws:sts::…:user/moto): the simulator wants the IAM form.
                    return ("user", parts[parts.Length - 1], $"arn:{arn.Partition}:iam::{arn.Account}:{arn.Resource}");
                case "assumed-role" when parts.Length >= 3:
                    var role = await iam.GetRoleAsync(parts[1], cancellationToken).ConfigureAwait(false);
                    return ("role", parts[1], role?.Arn ?? $"arn:{arn.Partition}:iam::{arn.Account}:role/{parts[1]}");
                default:
                    return null;
            }
        }

        private async Task<(IReadOnlyList<PermissionDecision>? Decisions, string Reason)> TrySimulateAsync(string principalArn, IReadOnlyList<RequiredPermission> required, CancellationToken cancellationToken)
        {
            var decisions = new List<PermissionDecision>();
            try
            {
                foreach (var group in required.GroupBy(r => r.Resource))
                {
                    var answers = await simulator.SimulatePrincipalPolicyAsync(principalArn, group.Select(r => r.Action).Distinct(), group.Key == "*" ? null : new[] { group.Key }, cancellationToken).ConfigureAwait(false);
                    foreach (var permission in group)
                    {
                        var answer = answers.FirstOrDefault(a => string.Equals(a.Action, permission.Action, StringComparison.OrdinalIgnoreCase));
                        decisions.Add(new PermissionDecision(permission.Action, permission.Resource, answer?.Decision ?? PermissionDecision.ImplicitDeny, "IAM policy simulator"));
                    }
                }

                return (decisions, string.Empty);
            }
            catch (AwsServiceException ex)
            {
                log.Verbose($"IAM SimulatePrincipalPolicy is not available here ({ex.ErrorCode}, HTTP {(int)ex.StatusCode}); evaluating the policies in the module");
                return (null, $"{ex.ErrorCode}, HTTP {(int)ex.StatusCode}");
            }
            catch (AuroraRestoreException ex) when (ex.ErrorId == "AwsEndpointUnreachable")
            {
                // The simulator's client gives up after few attempts, because there is a fallback: dropped connections
                // are a reason to use it too. The fallback's own reads retry fully, and fail properly if IAM is really gone.
                log.Verbose($"IAM SimulatePrincipalPolicy did not answer ({ex.Message}); evaluating the policies in the module");
                return (null, "no answer");
            }
        }

        /// <returns>Policy name → document; null when IAM does not know the principal.</returns>
        private async Task<List<KeyValuePair<string, string>>?> ReadPoliciesAsync((string Kind, string Name, string Arn) principal, List<string> notes, CancellationToken cancellationToken)
        {
            var documents = new List<KeyValuePair<string, string>>();
            try
            {
                if (principal.Kind == "role")
                {
                    foreach (var name in await iam.ListRolePolicyNamesAsync(principal.Name, cancellationToken).ConfigureAwait(false))
                    {
                        documents.Add(new KeyValuePair<string, string>($"role {principal.Name} inline {name}", await iam.GetRolePolicyDocumentAsync(principal.Name, name, cancellationToken).ConfigureAwait(false)));
                    }

                    await AddManagedAsync(documents, await iam.ListAttachedRolePolicyArnsAsync(principal.Name, cancellationToken).ConfigureAwait(false), notes, cancellationToken).ConfigureAwait(false);
                    return documents;
                }

                foreach (var name in await iam.ListUserPolicyNamesAsync(principal.Name, cancellationToken).ConfigureAwait(false))
                {
                    documents.Add(new KeyValuePair<string, string>($"user {principal.Name} inline {name}", await iam.GetUserPolicyDocumentAsync(principal.Name, name, cancellationToken).ConfigureAwait(false)));
                }

                await AddManagedAsync(documents, await iam.ListAttachedUserPolicyArnsAsync(principal.Name, cancellationToken).ConfigureAwait(false), notes, cancellationToken).ConfigureAwait(false);
                foreach (var group in await iam.ListGroupsForUserAsync(principal.Name, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var name in await iam.ListGroupPolicyNamesAsync(group, cancellationToken).ConfigureAwait(false))
                    {
                        documents.Add(new KeyValuePair<string, string>($"group {group} inline {name}", await iam.GetGroupPolicyDocumentAsync(group, name, cancellationToken).ConfigureAwait(false)));
                    }

                    await AddManagedAsync(documents, await iam.ListAttachedGroupPolicyArnsAsync(group, cancellationToken).ConfigureAwait(false), notes, cancellationToken).ConfigureAwait(false);
                }

                return documents;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchEntity" && documents.Count == 0)
            {
                return null;
            }
        }

        private async Task AddManagedAsync(List<KeyValuePair<string, string>> documents, IReadOnlyList<string> arns, List<string> notes, CancellationToken cancellationToken)
        {
            foreach (var arn in arns)
            {
                try
                {
                    documents.Add(new KeyValuePair<string, string>(arn, await iam.GetManagedPolicyDocumentAsync(arn, cancellationToken).ConfigureAwait(false)));
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchEntity")
                {
                    // moto does not load AWS-managed policies: what cannot be read cannot allow anything.
                    notes.Add($"attached policy {arn} could not be read ({ex.ErrorCode})");
                }
            }
        }

        /// <summary>The parts of an ARN the checker needs: arn:partition:service:region:account:resource.</summary>
        private sealed class ArnParts
        {
            private ArnParts(string partition, string account, string resource)
            {
                Partition = partition;
                Account = account;
                Resource = resource;
            }

            public string Partition { get; }

            public string Account { get; }

            public string Resource { get; }

            public static ArnParts? Parse(string arn)
            {
                var parts = arn.Split(':', 6);
                return parts.Length == 6 && parts[0] == "arn" ? new ArnParts(parts[1], parts[4], parts[5]) : null;
            }
        }
    }
}
