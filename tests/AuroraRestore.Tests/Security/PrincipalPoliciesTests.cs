using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Common;
using AuroraRestore.Security;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Security
{
    /// <summary>Roles, users, groups and policies made through the AWS CLI; PrincipalPolicies must find every one that applies.</summary>
    public sealed class PrincipalPoliciesTests : IClassFixture<MotoServer>
    {
        private const string Trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        private readonly MotoServer moto;

        public PrincipalPoliciesTests(MotoServer moto) => this.moto = moto;

        private static string Allow(string action, string resource = "*") => $"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"{action}\",\"Resource\":\"{resource}\"}}]}}";

        private static string Deny(string action) => $"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"D\",\"Effect\":\"Deny\",\"Action\":\"{action}\",\"Resource\":\"*\"}}]}}";

        [Fact]
        public async Task A_role_s_inline_and_attached_managed_policies_are_read_and_evaluated()
        {
            var role = "pp-role-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var arn = (string)AwsCli.Json(moto, "iam", "create-role", "--role-name", role, "--assume-role-policy-document", Trust)!["Role"]!["Arn"]!;
            AwsCli.Run(moto, "iam", "put-role-policy", "--role-name", role, "--policy-name", "inline-sns", "--policy-document", Allow("sns:Publish"));
            var managed = (string)AwsCli.Json(moto, "iam", "create-policy", "--policy-name", role + "-metrics", "--policy-document", Allow("cloudwatch:PutMetricData"))!["Policy"]!["Arn"]!;
            AwsCli.Run(moto, "iam", "attach-role-policy", "--role-name", role, "--policy-arn", managed);
            using var iam = new IamClient(TestContexts.For(moto));

            var policies = await PrincipalPolicies.ReadAsync(iam, arn, CancellationToken.None);

            Assert.Equal(new[] { $"role/{role}/inline/inline-sns", managed }, policies.Select(p => p.Name));
            Assert.Equal(AccessDecision.Allowed, PolicyEvaluator.Evaluate(policies, "sns:Publish", "*").Decision);
            var metrics = PolicyEvaluator.Evaluate(policies, "cloudwatch:PutMetricData", "*");
            Assert.True(metrics.IsAllowed);
            Assert.Equal(new[] { managed + "#S" }, metrics.DecidingStatements);
            Assert.Equal(AccessDecision.ImplicitDeny, PolicyEvaluator.Evaluate(policies, "iam:PassRole", "*").Decision);
        }

        [Fact]
        public async Task A_user_s_own_and_group_policies_are_read_and_a_group_deny_wins()
        {
            var user = "pp-user-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var group = user + "-group";
            var arn = (string)AwsCli.Json(moto, "iam", "create-user", "--user-name", user)!["User"]!["Arn"]!;
            AwsCli.Run(moto, "iam", "put-user-policy", "--user-name", user, "--policy-name", "all-dynamodb", "--policy-document", Allow("dynamodb:*"));
            AwsCli.Run(moto, "iam", "create-group", "--group-name", group);
            AwsCli.Run(moto, "iam", "add-user-to-group", "--user-name", user, "--group-name", group);
            AwsCli.Run(moto, "iam", "put-group-policy", "--group-name", group, "--policy-name", "no-deletes", "--policy-document", Deny("dynamodb:Delete*"));
            var managed = (string)AwsCli.Json(moto, "iam", "create-policy", "--policy-name", group + "-sns", "--policy-document", Allow("sns:Publish"))!["Policy"]!["Arn"]!;
            AwsCli.Run(moto, "iam", "attach-group-policy", "--group-name", group, "--policy-arn", managed);
            using var iam = new IamClient(TestContexts.For(moto));

            var policies = await PrincipalPolicies.ReadAsync(iam, arn, CancellationToken.None);

            Assert.Equal(new[] { $"user/{user}/inline/all-dynamodb", $"group/{group}/inline/no-deletes", managed }, policies.Select(p => p.Name));
            Assert.True(PolicyEvaluator.Evaluate(policies, "dynamodb:GetItem", "*").IsAllowed);
            Assert.True(PolicyEvaluator.Evaluate(policies, "sns:Publish", "*").IsAllowed);
            var delete = PolicyEvaluator.Evaluate(policies, "dynamodb:DeleteTable", "*");
            Assert.Equal(AccessDecision.ExplicitDeny, delete.Decision);
            Assert.Equal(new[] { $"group/{group}/inline/no-deletes#D" }, delete.DecidingStatements);
        }

        [Fact]
        public async Task A_missing_role_is_reported_not_read_as_no_policies()
        {
            using var iam = new IamClient(TestContexts.For(moto));
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => PrincipalPolicies.ReadAsync(iam, "arn:aws:iam::123456789012:role/pp-missing", CancellationToken.None));
            Assert.Equal(PrincipalPolicies.PrincipalNotFoundErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
        }

        [Theory]
        [InlineData("")]
        [InlineData("aurora-restore-lambda-role")]
        [InlineData("arn:aws:iam::123456789012:policy/x")]
        [InlineData("arn:aws:sts::123456789012:assumed-role/x/y")]
        [InlineData("arn:aws:iam::123456789012:role/")]
        public async Task A_bad_principal_arn_is_refused_before_any_call(string arn)
        {
            using var iam = new IamClient(TestContexts.For(moto));
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => PrincipalPolicies.ReadAsync(iam, arn, CancellationToken.None));
            Assert.Equal(PrincipalPolicies.InvalidPrincipalErrorId, error.ErrorId);
        }

        [Fact]
        public void A_path_is_not_part_of_the_name()
        {
            Assert.Equal(("role", "svc-role"), PrincipalPolicies.Parse("arn:aws:iam::123456789012:role/service/team/svc-role"));
            Assert.Equal(("user", "alice"), PrincipalPolicies.Parse("arn:aws-us-gov:iam::123456789012:user/alice"));
        }
    }
}
