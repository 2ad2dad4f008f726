using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Security;
using Xunit;

namespace AuroraRestore.Tests.Security
{
    /// <summary>Every rule of the evaluator, one fact or theory each; documents are written the way IAM stores them.</summary>
    public sealed class PolicyEvaluatorTests
    {
        private const string Table = "arn:aws:dynamodb:us-east-1:123456789012:table/AuroraRestoreState";

        private static readonly Dictionary<string, string> AuroraNamespace = new Dictionary<string, string> { ["cloudwatch:namespace"] = "AuroraRestore" };

        private static string Policy(params string[] statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";

        private static string Statement(string effect, string actionKey, string actions, string resourceKey, string resources, string? condition = null, string? sid = null)
            => "{" + (sid == null ? string.Empty : $"\"Sid\":\"{sid}\",") + $"\"Effect\":\"{effect}\",\"{actionKey}\":{actions},\"{resourceKey}\":{resources}" + (condition == null ? string.Empty : ",\"Condition\":" + condition) + "}";

        private static string Allow(string actions, string resources, string? condition = null, string? sid = null) => Statement("Allow", "Action", actions, "Resource", resources, condition, sid);

        private static string Deny(string actions, string resources, string? condition = null, string? sid = null) => Statement("Deny", "Action", actions, "Resource", resources, condition, sid);

        [Fact]
        public void An_allow_statement_for_the_action_and_resource_allows_and_names_itself()
        {
            var result = PolicyEvaluator.Evaluate(Policy(Allow("\"dynamodb:GetItem\"", $"\"{Table}\"", sid: "Tables")), "dynamodb:GetItem", Table);
            Assert.Equal(AccessDecision.Allowed, result.Decision);
            Assert.True(result.IsAllowed);
            Assert.Equal(new[] { "policy#Tables" }, result.DecidingStatements);
        }

        [Fact]
        public void Nothing_matching_is_an_implicit_deny()
        {
            var result = PolicyEvaluator.Evaluate(Policy(Allow("\"dynamodb:GetItem\"", $"\"{Table}\"")), "dynamodb:PutItem", Table);
            Assert.Equal(AccessDecision.ImplicitDeny, result.Decision);
            Assert.False(result.IsAllowed);
            Assert.Empty(PolicyEvaluator.Evaluate(new NamedPolicy[0], "dynamodb:PutItem", Table).DecidingStatements);
            Assert.Equal(AccessDecision.ImplicitDeny, PolicyEvaluator.Evaluate(new NamedPolicy[0], "dynamodb:PutItem", Table).Decision);
        }

        [Fact]
        public void An_explicit_deny_wins_over_any_allow_in_any_policy()
        {
            var policies = new[]
            {
                new NamedPolicy("allow-all", Policy(Allow("\"*\"", "\"*\""))),
                new NamedPolicy("guard", Policy(Deny("\"dynamodb:Delete*\"", "\"*\"", sid: "NoDeletes"))),
            };
            var result = PolicyEvaluator.Evaluate(policies, "dynamodb:DeleteTable", Table);
            Assert.Equal(AccessDecision.ExplicitDeny, result.Decision);
            Assert.Equal(new[] { "guard#NoDeletes" }, result.DecidingStatements);
            Assert.Equal(AccessDecision.Allowed, PolicyEvaluator.Evaluate(policies, "dynamodb:GetItem", Table).Decision);
        }

        [Theory]
        [InlineData("dynamodb:*", "dynamodb:GetItem", true)]
        [InlineData("dynamodb:Get*", "dynamodb:GetItem", true)]
        [InlineData("dynamodb:Get*", "dynamodb:PutItem", false)]
        [InlineData("dynamodb:?etItem", "dynamodb:GetItem", true)]
        [InlineData("dynamodb:?Item", "dynamodb:GetItem", false)]
        [InlineData("DynamoDB:getitem", "dynamodb:GetItem", true)]
        [InlineData("*", "sns:Publish", true)]
        [InlineData("s3:*", "dynamodb:GetItem", false)]
        public void Actions_match_case_insensitively_with_star_and_question_mark(string pattern, string action, bool allowed)
        {
            var result = PolicyEvaluator.Evaluate(Policy(Allow($"\"{pattern}\"", "\"*\"")), action, Table);
            Assert.Equal(allowed ? AccessDecision.Allowed : AccessDecision.ImplicitDeny, result.Decision);
        }

        [Fact]
        public void A_list_of_actions_matches_any_of_them()
        {
            var policy = Policy(Allow("[\"sns:Publish\",\"dynamodb:GetItem\"]", "\"*\""));
            Assert.True(PolicyEvaluator.Evaluate(policy, "dynamodb:GetItem", Table).IsAllowed);
            Assert.True(PolicyEvaluator.Evaluate(policy, "sns:Publish", Table).IsAllowed);
            Assert.False(PolicyEvaluator.Evaluate(policy, "sns:Subscribe", Table).IsAllowed);
        }

        [Fact]
        public void NotAction_applies_to_every_action_it_does_not_list()
        {
            var policy = Policy(Statement("Allow", "NotAction", "[\"iam:*\"]", "Resource", "\"*\""));
            Assert.True(PolicyEvaluator.Evaluate(policy, "dynamodb:GetItem", Table).IsAllowed);
            Assert.Equal(AccessDecision.ImplicitDeny, PolicyEvaluator.Evaluate(policy, "iam:PassRole", "arn:aws:iam::123456789012:role/x").Decision);

            var deny = Policy(Allow("\"*\"", "\"*\""), Statement("Deny", "NotAction", "\"dynamodb:GetItem\"", "Resource", "\"*\""));
            Assert.True(PolicyEvaluator.Evaluate(deny, "dynamodb:GetItem", Table).IsAllowed);
            Assert.Equal(AccessDecision.ExplicitDeny, PolicyEvaluator.Evaluate(deny, "dynamodb:PutItem", Table).Decision);
        }

        [Theory]
        [InlineData("arn:aws:dynamodb:us-east-1:123456789012:table/AuroraRestoreState", true)]
        [InlineData("arn:aws:dynamodb:*:123456789012:table/AuroraRestore*", true)]
        [InlineData("arn:aws:dynamodb:us-east-?:123456789012:table/AuroraRestoreState", true)]
        [InlineData("arn:aws:dynamodb:us-east-1:123456789012:table/aurorarestorestate", false)]
        [InlineData("arn:aws:dynamodb:us-east-1:123456789012:table/AuroraRestoreState/index/*", false)]
        [InlineData("arn:aws:dynamodb:us-east-1:123456789012:table/AuroraRestoreStat", false)]
        [InlineData("*", true)]
        public void Resources_match_case_sensitively_with_star_and_question_mark(string pattern, bool allowed)
        {
            var result = PolicyEvaluator.Evaluate(Policy(Allow("\"dynamodb:GetItem\"", $"\"{pattern}\"")), "dynamodb:GetItem", Table);
            Assert.Equal(allowed ? AccessDecision.Allowed : AccessDecision.ImplicitDeny, result.Decision);
        }

        [Fact]
        public void Wildcard_characters_are_the_only_special_ones_in_a_pattern()
        {
            Assert.True(WildcardPattern.IsMatch("a.b+c[1]", "a.b+c[1]", ignoreCase: false));
            Assert.False(WildcardPattern.IsMatch("a.b", "axb", ignoreCase: false));
            Assert.True(WildcardPattern.IsMatch("*", string.Empty, ignoreCase: false));
            Assert.True(WildcardPattern.IsMatch("a*b*c", "aXXbYYbc", ignoreCase: false));
            Assert.False(WildcardPattern.IsMatch("a*b*c", "aXXbYYb", ignoreCase: false));
            Assert.True(WildcardPattern.IsMatch("a**", "a", ignoreCase: false));
            Assert.False(WildcardPattern.IsMatch("?", string.Empty, ignoreCase: false));
        }

        [Fact]
        public void NotResource_applies_to_every_resource_it_does_not_list()
        {
            var policy = Policy(Statement("Allow", "Action", "\"dynamodb:GetItem\"", "NotResource", "\"arn:aws:dynamodb:*:*:table/Secret*\""));
            Assert.True(PolicyEvaluator.Evaluate(policy, "dynamodb:GetItem", Table).IsAllowed);
            Assert.False(PolicyEvaluator.Evaluate(policy, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/SecretThings").IsAllowed);
        }

        [Fact]
        public void StringEquals_needs_the_key_with_one_of_the_values()
        {
            var policy = Policy(Allow("\"cloudwatch:PutMetricData\"", "\"*\"", "{\"StringEquals\":{\"cloudwatch:namespace\":[\"AuroraRestore\",\"Other\"]}}"));
            Assert.True(PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*", AuroraNamespace).IsAllowed);
            Assert.True(PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*", new Dictionary<string, string> { ["cloudwatch:namespace"] = "Other" }).IsAllowed);
            Assert.Equal(AccessDecision.ImplicitDeny, PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*", new Dictionary<string, string> { ["cloudwatch:namespace"] = "auroraRestore" }).Decision);
            Assert.Equal(AccessDecision.ImplicitDeny, PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*").Decision);
        }

        [Fact]
        public void Condition_keys_are_case_insensitive()
        {
            var policy = Policy(Allow("\"cloudwatch:PutMetricData\"", "\"*\"", "{\"StringEquals\":{\"CloudWatch:Namespace\":\"AuroraRestore\"}}"));
            Assert.True(PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*", AuroraNamespace).IsAllowed);
        }

        [Fact]
        public void StringLike_matches_wildcards_in_the_value()
        {
            var policy = Policy(Allow("\"kms:CreateGrant\"", "\"*\"", "{\"StringLike\":{\"kms:ViaService\":\"rds.*.amazonaws.com\"}}"));
            Assert.True(PolicyEvaluator.Evaluate(policy, "kms:CreateGrant", "*", new Dictionary<string, string> { ["kms:ViaService"] = "rds.us-east-1.amazonaws.com" }).IsAllowed);
            Assert.False(PolicyEvaluator.Evaluate(policy, "kms:CreateGrant", "*", new Dictionary<string, string> { ["kms:ViaService"] = "s3.us-east-1.amazonaws.com" }).IsAllowed);
            Assert.False(PolicyEvaluator.Evaluate(policy, "kms:CreateGrant", "*").IsAllowed);
        }

        [Fact]
        public void StringNotEquals_is_true_for_other_values_and_for_an_absent_key()
        {
            var deny = Policy(Allow("\"cloudwatch:PutMetricData\"", "\"*\""), Deny("\"cloudwatch:PutMetricData\"", "\"*\"", "{\"StringNotEquals\":{\"cloudwatch:namespace\":\"AuroraRestore\"}}", "OnlyOurNamespace"));
            Assert.True(PolicyEvaluator.Evaluate(deny, "cloudwatch:PutMetricData", "*", AuroraNamespace).IsAllowed);
            var other = PolicyEvaluator.Evaluate(deny, "cloudwatch:PutMetricData", "*", new Dictionary<string, string> { ["cloudwatch:namespace"] = "Elsewhere" });
            Assert.Equal(AccessDecision.ExplicitDeny, other.Decision);
            Assert.Equal(new[] { "policy#OnlyOurNamespace" }, other.DecidingStatements);
            Assert.Equal(AccessDecision.ExplicitDeny, PolicyEvaluator.Evaluate(deny, "cloudwatch:PutMetricData", "*").Decision);
        }

        [Fact]
        public void Every_condition_block_and_key_must_hold()
        {
            var policy = Policy(Allow("\"s3:GetObject\"", "\"*\"", "{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\",\"s3:prefix\":\"a\"},\"StringLike\":{\"aws:userid\":\"AID*\"}}"));
            var all = new Dictionary<string, string> { ["aws:RequestedRegion"] = "us-east-1", ["s3:prefix"] = "a", ["aws:userid"] = "AIDX" };
            Assert.True(PolicyEvaluator.Evaluate(policy, "s3:GetObject", "*", all).IsAllowed);
            foreach (var key in all.Keys)
            {
                var missing = all.Where(p => p.Key != key).ToDictionary(p => p.Key, p => p.Value);
                Assert.False(PolicyEvaluator.Evaluate(policy, "s3:GetObject", "*", missing).IsAllowed);
            }
        }

        [Theory]
        [InlineData("StringEqualsIgnoreCase")]
        [InlineData("StringEqualsIfExists")]
        [InlineData("ForAnyValue:StringEquals")]
        [InlineData("NumericLessThan")]
        [InlineData("Bool")]
        [InlineData("ArnLike")]
        public void An_unsupported_operator_makes_an_allow_undecidable_never_allowed(string op)
        {
            var result = PolicyEvaluator.Evaluate(Policy(Allow("\"cloudwatch:PutMetricData\"", "\"*\"", $"{{\"{op}\":{{\"cloudwatch:namespace\":\"AuroraRestore\"}}}}", "Metrics")), "cloudwatch:PutMetricData", "*", AuroraNamespace);
            Assert.Equal(AccessDecision.Undecidable, result.Decision);
            Assert.False(result.IsAllowed);
            Assert.Contains(result.UndecidableStatements, s => s.Contains("policy#Metrics") && s.Contains(op));
        }

        [Fact]
        public void An_undecidable_deny_keeps_a_matching_allow_from_being_promised()
        {
            var policy = Policy(Allow("\"*\"", "\"*\""), Deny("\"*\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
            var result = PolicyEvaluator.Evaluate(policy, "sns:Publish", "*");
            Assert.Equal(AccessDecision.Undecidable, result.Decision);
            Assert.Contains(result.UndecidableStatements, s => s.Contains("Deny") && s.Contains("IpAddress"));
        }

        [Fact]
        public void A_definite_false_clause_settles_a_statement_even_beside_an_undecidable_one()
        {
            var policy = Policy(Allow("\"*\"", "\"*\""), Deny("\"*\"", "\"*\"", "{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"},\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
            var result = PolicyEvaluator.Evaluate(policy, "sns:Publish", "*", new Dictionary<string, string> { ["aws:RequestedRegion"] = "us-east-1" });
            Assert.Equal(AccessDecision.Allowed, result.Decision);
        }

        [Fact]
        public void A_definite_deny_wins_over_an_undecidable_one()
        {
            var policy = Policy(Deny("\"*\"", "\"*\"", sid: "All"), Deny("\"*\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
            var result = PolicyEvaluator.Evaluate(policy, "sns:Publish", "*");
            Assert.Equal(AccessDecision.ExplicitDeny, result.Decision);
            Assert.Equal(new[] { "policy#All" }, result.DecidingStatements);
        }

        [Fact]
        public void Policy_variables_in_resources_or_values_are_undecidable()
        {
            var resource = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/${aws:username}/*\""));
            Assert.Equal(AccessDecision.Undecidable, PolicyEvaluator.Evaluate(resource, "s3:GetObject", "arn:aws:s3:::bucket/alice/x").Decision);
            var value = Policy(Allow("\"s3:GetObject\"", "\"*\"", "{\"StringEquals\":{\"s3:prefix\":\"${aws:username}\"}}"));
            Assert.Equal(AccessDecision.Undecidable, PolicyEvaluator.Evaluate(value, "s3:GetObject", "arn:aws:s3:::bucket/x", new Dictionary<string, string> { ["s3:prefix"] = "alice" }).Decision);
            var mixed = Policy(Allow("\"s3:GetObject\"", "[\"arn:aws:s3:::bucket/${aws:username}/*\",\"arn:aws:s3:::bucket/public/*\"]"));
            Assert.True(PolicyEvaluator.Evaluate(mixed, "s3:GetObject", "arn:aws:s3:::bucket/public/x").IsAllowed);
        }

        [Fact]
        public void A_principal_element_makes_the_statement_undecidable()
        {
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}}";
            Assert.Equal(AccessDecision.Undecidable, PolicyEvaluator.Evaluate(policy, "sns:Publish", "*").Decision);
        }

        [Fact]
        public void A_single_statement_object_and_numbers_or_booleans_in_values_are_read()
        {
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ec2:RunInstances\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"ec2:count\":2,\"aws:MultiFactorAuthPresent\":true}}}}";
            Assert.True(PolicyEvaluator.Evaluate(policy, "ec2:RunInstances", "*", new Dictionary<string, string> { ["ec2:count"] = "2", ["aws:MultiFactorAuthPresent"] = "true" }).IsAllowed);
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("{\"Version\":\"2012-10-17\"}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\"}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":\"x\"}}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":{\"a\":1},\"Resource\":\"*\"}]}")]
        public void A_malformed_document_is_refused_naming_the_policy(string document)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PolicyEvaluator.Evaluate(new[] { new NamedPolicy("role/x/inline/broken", document) }, "sns:Publish", "*"));
            Assert.Equal(PolicyDocument.MalformedErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Equal("role/x/inline/broken", error.Target);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Theory]
        [InlineData("")]
        [InlineData("PutMetricData")]
        [InlineData("cloudwatch:Put*")]
        [InlineData("cloudwatch:")]
        public void A_bad_action_is_refused(string action)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PolicyEvaluator.Evaluate(Policy(Allow("\"*\"", "\"*\"")), action, "*"));
            Assert.Equal(PolicyEvaluator.InvalidActionErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Theory]
        [InlineData("")]
        [InlineData("table/x")]
        public void A_bad_resource_is_refused(string resource)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PolicyEvaluator.Evaluate(Policy(Allow("\"*\"", "\"*\"")), "sns:Publish", resource));
            Assert.Equal(PolicyEvaluator.InvalidResourceErrorId, error.ErrorId);
        }

        [Fact]
        public void The_3_0_lambda_role_policy_allows_metrics_only_in_the_AuroraRestore_namespace()
        {
            var template = AuroraRestore.Versions.PipelineVersionCatalog.Default.Get("3.0.0").IamTemplateBody;
            var statement = System.Text.Json.Nodes.JsonNode.Parse(template)!["Resources"]!["LambdaPolicy"]!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
                .First(s => (string?)s!["Sid"] == "StepMetrics")!.ToJsonString();
            var policy = Policy(statement);
            Assert.True(PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*", AuroraNamespace).IsAllowed);
            Assert.False(PolicyEvaluator.Evaluate(policy, "cloudwatch:PutMetricData", "*", new Dictionary<string, string> { ["cloudwatch:namespace"] = "Custom" }).IsAllowed);
        }
    }
}
