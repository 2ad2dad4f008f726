using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// Wire fidelity of <see cref="LambdaClient"/> against moto: each call is also made with the AWS CLI and the parsed
    /// answers are compared field by field; changes made by our client are observed through the CLI.
    /// </summary>
    public sealed class LambdaClientTests : IClassFixture<LambdaTestBed>
    {
        private readonly LambdaTestBed bed;

        public LambdaClientTests(LambdaTestBed bed) => this.bed = bed;

        private MotoServer Moto => bed.Moto;

        private LambdaClient NewClient(RecordingOperationLog? log = null) => new LambdaClient(TestContexts.For(Moto, log: log));

        private JsonNode Cli(params string[] args) => AwsCli.Json(Moto, args)!;

        private JsonNode CliConfiguration(string functionName, string? qualifier)
            => qualifier == null
                ? Cli("lambda", "get-function-configuration", "--function-name", functionName)
                : Cli("lambda", "get-function-configuration", "--function-name", functionName, "--qualifier", qualifier);

        private static void AssertSameConfiguration(JsonNode cli, LambdaFunctionConfiguration ours)
        {
            Assert.Equal((string?)cli["FunctionName"], ours.FunctionName);
            Assert.Equal((string?)cli["FunctionArn"], ours.FunctionArn);
            Assert.Equal((string?)cli["Version"], ours.Version);
            Assert.Equal((string?)cli["Runtime"], ours.Runtime);
            Assert.Equal((string?)cli["Handler"], ours.Handler);
            Assert.Equal((string?)cli["Role"], ours.Role);
            Assert.Equal((string?)cli["CodeSha256"], ours.CodeSha256);
            Assert.Equal((long)cli["CodeSize"]!, ours.CodeSize);
            Assert.Equal((string?)cli["Description"], ours.Description);
            Assert.Equal((string?)cli["LastModified"], ours.LastModified);
            Assert.Equal((string?)cli["RevisionId"], ours.RevisionId);
            Assert.Equal((string?)cli["State"], ours.State);
            Assert.Equal((string?)cli["LastUpdateStatus"], ours.LastUpdateStatus);
            var variables = cli["Environment"]?["Variables"]?.AsObject()
                .ToDictionary(p => p.Key, p => (string)p.Value!) ?? new Dictionary<string, string>();
            Assert.Equal(variables.OrderBy(p => p.Key, StringComparer.Ordinal), ours.Environment);
        }

        private static void AssertSameAlias(JsonNode cli, LambdaAlias ours)
        {
            Assert.Equal((string?)cli["Name"], ours.Name);
            Assert.Equal((string?)cli["AliasArn"], ours.AliasArn);
            Assert.Equal((string?)cli["FunctionVersion"], ours.FunctionVersion);
            Assert.Equal((string?)cli["Description"], ours.Description);
            Assert.Equal((string?)cli["RevisionId"], ours.RevisionId);
        }

        [Fact]
        public async Task GetFunctionConfiguration_matches_the_AWS_CLI_for_LATEST_a_version_and_an_alias()
        {
            var name = bed.CreateFunction("config");
            AwsCli.Run(Moto, "lambda", "publish-version", "--function-name", name, "--description", "first");
            AwsCli.Run(Moto, "lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
            using var client = NewClient();

            foreach (var qualifier in new[] { null, "$LATEST", "1", "live" })
            {
                var ours = await client.GetFunctionConfigurationAsync(name, qualifier, CancellationToken.None);
                Assert.NotNull(ours);
                AssertSameConfiguration(CliConfiguration(name, qualifier), ours!);
            }

            var latest = await client.GetFunctionConfigurationAsync(name, null, CancellationToken.None);
            Assert.Equal(bed.PackageASha256, latest!.CodeSha256);
            var byArn = await client.GetFunctionConfigurationAsync(latest.FunctionArn, "1", CancellationToken.None);
            Assert.Equal(latest.FunctionArn + ":1", byArn!.FunctionArn);
            Assert.Equal("1.0.0", latest.Environment["PIPELINE_VERSION"]);
            Assert.Equal("dotnet8", latest.Runtime);
        }

        [Fact]
        public async Task GetFunctionConfiguration_of_a_missing_function_or_version_is_null()
        {
            var name = bed.CreateFunction("missing");
            using var client = NewClient();

            Assert.Null(await client.GetFunctionConfigurationAsync("no-such-function-" + Guid.NewGuid().ToString("N"), null, CancellationToken.None));
            Assert.Null(await client.GetFunctionConfigurationAsync(name, "42", CancellationToken.None));
        }

        [Fact]
        public async Task GetFunctionCode_matches_the_AWS_CLI_and_its_presigned_location_is_never_narrated()
        {
            var name = bed.CreateFunction("code");
            var log = new RecordingOperationLog();
            using var client = NewClient(log);

            var ours = await client.GetFunctionCodeAsync(name, null, CancellationToken.None);
            var cli = Cli("lambda", "get-function", "--function-name", name)["Code"]!;

            Assert.Equal((string?)cli["RepositoryType"], ours.RepositoryType);
            Assert.Equal((string?)cli["Location"], ours.Location);
            Assert.False(string.IsNullOrEmpty(ours.Location));
            Assert.Contains(log.Lines, l => l.Contains("Lambda GetFunction " + name, StringComparison.Ordinal));
            Assert.DoesNotContain(log.Lines, l => l.Contains(ours.Location!, StringComparison.Ordinal));
        }

        [Fact]
        public async Task GetFunctionCode_of_a_missing_function_is_a_ResourceNotFoundException()
        {
            using var client = NewClient();

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetFunctionCodeAsync("no-such-function", null, CancellationToken.None));

            Assert.Equal("ResourceNotFoundException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        }

        [Fact]
        public async Task UpdateFunctionCodeFromS3_then_PublishVersion_gives_a_new_version_with_the_new_code()
        {
            var name = bed.CreateFunction("upgrade");
            AwsCli.Run(Moto, "lambda", "publish-version", "--function-name", name, "--description", "1.0.0");
            using var client = NewClient();

            var updated = await client.UpdateFunctionCodeFromS3Async(name, LambdaTestBed.Bucket, LambdaTestBed.PackageBKey, CancellationToken.None);
            AssertSameConfiguration(CliConfiguration(name, null), updated);
            Assert.Equal(bed.PackageBSha256, updated.CodeSha256);
            Assert.Equal("$LATEST", updated.Version);

            var published = await client.PublishVersionAsync(name, "2.0.0", CancellationToken.None);
            Assert.Equal("2", published.Version);
            Assert.Equal("2.0.0", published.Description);
            var version2 = CliConfiguration(name, "2");
            AssertSameConfiguration(version2, published);
            Assert.Equal(bed.PackageBSha256, (string?)version2["CodeSha256"]);
            Assert.Equal(bed.PackageASha256, (string?)CliConfiguration(name, "1")["CodeSha256"]);
        }

        [Fact]
        public async Task ListVersionsByFunction_matches_the_AWS_CLI()
        {
            var name = bed.CreateFunction("versions");
            AwsCli.Run(Moto, "lambda", "publish-version", "--function-name", name);
            AwsCli.Run(Moto, "lambda", "update-function-code", "--function-name", name, "--s3-bucket", LambdaTestBed.Bucket, "--s3-key", LambdaTestBed.PackageBKey);
            AwsCli.Run(Moto, "lambda", "publish-version", "--function-name", name);
            using var client = NewClient();

            var ours = await client.ListVersionsByFunctionAsync(name, CancellationToken.None);
            var cli = Cli("lambda", "list-versions-by-function", "--function-name", name)["Versions"]!.AsArray();

            Assert.Equal(new[] { "$LATEST", "1", "2" }, ours.Select(v => v.Version));
            Assert.Equal(cli.Count, ours.Count);
            for (var i = 0; i < cli.Count; i++)
            {
                AssertSameConfiguration(cli[i]!, ours[i]);
            }
        }

        [Fact]
        public async Task Aliases_created_and_updated_by_our_client_are_what_the_AWS_CLI_sees()
        {
            var name = bed.CreateFunction("alias");
            AwsCli.Run(Moto, "lambda", "publish-version", "--function-name", name);
            // Publishing unchanged code returns the existing version (as AWS does): change the code to get version 2.
            AwsCli.Run(Moto, "lambda", "update-function-code", "--function-name", name, "--s3-bucket", LambdaTestBed.Bucket, "--s3-key", LambdaTestBed.PackageBKey);
            AwsCli.Run(Moto, "lambda", "publish-version", "--function-name", name);
            using var client = NewClient();

            var created = await client.CreateAliasAsync(name, "live", "1", "pipeline 1.0.0", CancellationToken.None);
            AssertSameAlias(Cli("lambda", "get-alias", "--function-name", name, "--name", "live"), created);
            Assert.Equal("1", created.FunctionVersion);

            var read = await client.GetAliasAsync(name, "live", CancellationToken.None);
            AssertSameAlias(Cli("lambda", "get-alias", "--function-name", name, "--name", "live"), read!);

            var updated = await client.UpdateAliasAsync(name, "live", "2", "pipeline 2.0.0", CancellationToken.None);
            var cli = Cli("lambda", "get-alias", "--function-name", name, "--name", "live");
            AssertSameAlias(cli, updated);
            Assert.Equal("2", (string?)cli["FunctionVersion"]);
            Assert.Equal("pipeline 2.0.0", (string?)cli["Description"]);
        }

        [Fact]
        public async Task GetAlias_of_a_missing_alias_or_function_is_null()
        {
            var name = bed.CreateFunction("noalias");
            using var client = NewClient();

            Assert.Null(await client.GetAliasAsync(name, "live", CancellationToken.None));
            Assert.Null(await client.GetAliasAsync("no-such-function", "live", CancellationToken.None));
        }

        [Fact]
        public async Task CreateAlias_for_a_version_that_does_not_exist_fails_with_ResourceNotFoundException()
        {
            var name = bed.CreateFunction("badalias");
            using var client = NewClient();

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateAliasAsync(name, "live", "9", null, CancellationToken.None));

            Assert.Equal("ResourceNotFoundException", error.ErrorCode);
            Assert.Equal("Lambda", error.Service);
            Assert.Equal("CreateAlias", error.Operation);
            Assert.Empty(Cli("lambda", "list-aliases", "--function-name", name)["Aliases"]!.AsArray());
        }
    }
}
