using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Common;
using Xunit;

using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// Paging of the list operations with scripted pages: moto ignores Lambda's Marker and MaxItems (it always answers
    /// one page), so the NextMarker loop can only be proven here. Step Functions paging is also proven against moto.
    /// </summary>
    public sealed class ListPagingTests
    {
        private const string Machine = "arn:aws:states:us-east-1:123456789012:stateMachine:machine";

        private static string VersionsPage(string? nextMarker, params string[] versions)
        {
            var page = new JsonObject
            {
                ["Versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject
                {
                    ["FunctionName"] = "f",
                    ["FunctionArn"] = "arn:aws:lambda:us-east-1:123456789012:function:f:" + v,
                    ["Version"] = v,
                    ["CodeSha256"] = "sha-" + v,
                }).ToArray()),
            };
            if (nextMarker != null)
            {
                page["NextMarker"] = nextMarker;
            }

            return page.ToJsonString();
        }

        private static string ExecutionsPage(string? nextToken, params string[] names)
        {
            var page = new JsonObject
            {
                ["executions"] = new JsonArray(names.Select(n => (JsonNode)new JsonObject
                {
                    ["executionArn"] = "arn:aws:states:us-east-1:123456789012:execution:machine:" + n,
                    ["stateMachineArn"] = Machine,
                    ["name"] = n,
                    ["status"] = "RUNNING",
                    ["startDate"] = 1714384800,
                }).ToArray()),
            };
            if (nextToken != null)
            {
                page["nextToken"] = nextToken;
            }

            return page.ToJsonString();
        }

        [Fact]
        public async Task ListVersionsByFunction_follows_NextMarker_until_the_last_page()
        {
            var handler = new ScriptedHttpHandler()
                .Then(HttpStatusCode.OK, VersionsPage("m/1+2", "$LATEST", "1"))
                .Then(HttpStatusCode.OK, VersionsPage("m3", "2"))
                .Then(HttpStatusCode.OK, VersionsPage(null, "3"));
            using var client = new LambdaClient(AwsTransportRetryTests.ContextFor(handler, new AwsRetryPolicy()));

            var versions = await client.ListVersionsByFunctionAsync("f", CancellationToken.None);

            Assert.Equal(new[] { "$LATEST", "1", "2", "3" }, versions.Select(v => v.Version));
            Assert.Equal(new[] { "sha-$LATEST", "sha-1", "sha-2", "sha-3" }, versions.Select(v => v.CodeSha256));
            Assert.Equal(3, handler.Requests.Count);
            Assert.Equal(string.Empty, handler.Requests[0].Uri.Query);
            Assert.Equal("?Marker=m%2F1%2B2", handler.Requests[1].Uri.Query);
            Assert.Equal("?Marker=m3", handler.Requests[2].Uri.Query);
            Assert.All(handler.Requests, r => Assert.Equal("/2015-03-31/functions/f/versions", r.Uri.AbsolutePath));
        }

        [Fact]
        public async Task A_NextMarker_that_repeats_stops_the_listing_instead_of_looping()
        {
            var handler = new ScriptedHttpHandler()
                .Then(HttpStatusCode.OK, VersionsPage("same", "1"))
                .Then(HttpStatusCode.OK, VersionsPage("same", "2"));
            using var client = new LambdaClient(AwsTransportRetryTests.ContextFor(handler, new AwsRetryPolicy()));

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => client.ListVersionsByFunctionAsync("f", CancellationToken.None));

            Assert.Equal("AwsPagingLoop", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidResult, error.Category);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task ListExecutions_sends_the_page_size_and_each_nextToken()
        {
            var handler = new ScriptedHttpHandler()
                .Then(HttpStatusCode.OK, ExecutionsPage("t1", "c", "b"))
                .Then(HttpStatusCode.OK, ExecutionsPage(null, "a"));
            using var client = new StepFunctionsClient(AwsTransportRetryTests.ContextFor(handler, new AwsRetryPolicy())) { ListPageSize = 2 };

            var executions = await client.ListExecutionsAsync(Machine, "RUNNING", CancellationToken.None);

            Assert.Equal(new[] { "c", "b", "a" }, executions.Select(e => e.Name));
            Assert.All(executions, e => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714384800), e.StartDate));
            var first = JsonNode.Parse(handler.Requests[0].Body)!.AsObject();
            var second = JsonNode.Parse(handler.Requests[1].Body)!.AsObject();
            Assert.Equal(2, (int)first["maxResults"]!);
            Assert.Equal("RUNNING", (string?)first["statusFilter"]);
            Assert.False(first.ContainsKey("nextToken"));
            Assert.Equal("t1", (string?)second["nextToken"]);
            Assert.Equal("RUNNING", (string?)second["statusFilter"]);
        }
    }
}
