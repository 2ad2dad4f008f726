using System.Linq;
using System.Net;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Security
{
    /// <summary>SimulatePrincipalPolicy with context entries (the 3.0 metrics check's first path) serialised exactly as botocore does.</summary>
    public sealed class SimulateWithContextTests
    {
        [Fact]
        public async Task Context_entries_are_serialized_like_botocore()
        {
            var page = "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><SimulatePrincipalPolicyResult><EvaluationResults>" +
                       "<member><EvalActionName>cloudwatch:PutMetricData</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>allowed</EvalDecision></member>" +
                       "</EvaluationResults><IsTruncated>false</IsTruncated></SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>";
            var handler = new ScriptedHttpHandler((HttpStatusCode.OK, page));
            using var client = new IamClient(ScriptedHttpHandler.ContextFor(handler));
            var principal = "arn:aws:iam::123456789012:role/aurora-restore-lambda-role";
            var context = new Dictionary<string, string> { ["cloudwatch:namespace"] = "AuroraRestore", ["aws:RequestedRegion"] = "us-east-1" };

            var decisions = await client.SimulatePrincipalPolicyAsync(principal, new[] { "cloudwatch:PutMetricData" }, new[] { "*" }, context, CancellationToken.None);

            Assert.Equal("allowed", Assert.Single(decisions).Decision);
            var parameters = new JsonObject
            {
                ["PolicySourceArn"] = principal,
                ["ActionNames"] = new JsonArray("cloudwatch:PutMetricData"),
                ["ResourceArns"] = new JsonArray("*"),
                ["ContextEntries"] = new JsonArray(context.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => (JsonNode)new JsonObject
                {
                    ["ContextKeyName"] = p.Key,
                    ["ContextKeyValues"] = new JsonArray(p.Value),
                    ["ContextKeyType"] = "string",
                }).ToArray()),
            };
            Botocore.AssertSameFields(Botocore.SerializeQuery("iam", "SimulatePrincipalPolicy", parameters), handler.Requests[0].Form);
        }
    }
}
