using System.Collections.Generic;
using AuroraRestore.Common;
using AuroraRestore.Security;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    public sealed class PolicyEvaluatorTests
    {
        private const string Table = "arn:aws:dynamodb:us-east-1:123456789012:table/AuroraRestoreState";

        [Theory]
        [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}}", "dynamodb:UpdateTable", Table, "allowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"DynamoDB:updatetable\",\"Resource\":\"arn:aws:dynamodb:*:*:table/AuroraRestore*\"}]}", "dynamodb:UpdateTable", Table, "allowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:Get?tem\",\"Resource\":\"*\"}]}", "dynamodb:GetItem", Table, "allowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"arn:aws:dynamodb:*:*:table/auroraRestore*\"}]}", "dynamodb:GetItem", Table, "implicitDeny")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"dynamodb:UpdateTable\",\"Resource\":\"*\"}]}", "dynamodb:UpdateTable", Table, "explicitDeny")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}", "iam:PassRole", "*", "implicitDeny")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}", "s3:PutObject", "arn:aws:s3:::b/k", "allowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::secret/*\"}]}", "s3:GetObject", "arn:aws:s3:::secret/k", "implicitDeny")]
        [InlineData("{\"Statement\":[]}", "s3:GetObject", "arn:aws:s3:::b/k", "implicitDeny")]
        public void Decisions_follow_IAMs_rules(string policy, string action, string resource, string decision)
        {
            var evaluator = PolicyEvaluator.FromDocuments(new[] { new KeyValuePair<string, string>("p", policy) });
            Assert.Equal(decision, evaluator.Evaluate(action, resource).Decision);
        }

        [Fact]
        public void A_statement_with_a_condition_is_reported_as_conditional_never_silently_trusted()
        {
            var evaluator = PolicyEvaluator.FromDocuments(new[]
            {
                new KeyValuePair<string, string>("allow", "{\"Statement\":[{\"Sid\":\"Mfa\",\"Effect\":\"Allow\",\"Action\":\"cloudformation:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}"),
            });
            var decision = evaluator.Evaluate("cloudformation:UpdateStack", "arn:aws:cloudformation:us-east-1:1:stack/s/*");
            Assert.True(decision.IsAllowed);
            Assert.True(decision.Conditional);
            Assert.Equal("allow/Mfa", decision.MatchedBy);
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Version\":\"2012-10-17\"}")]
        public void A_document_that_is_not_a_policy_is_refused_naming_it(string policy)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PolicyEvaluator.FromDocuments(new[] { new KeyValuePair<string, string>("user x inline y", policy) }));
            Assert.Equal(PolicyEvaluator.PolicyDocumentInvalidErrorId, error.ErrorId);
            Assert.Equal("user x inline y", error.Target);
        }
    }
}
