using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.Common;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    public sealed class SecretsManagerClientTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public SecretsManagerClientTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task GetSecretValue_matches_the_AWS_CLI_and_reads_RDS_credentials()
        {
            AwsCli.Run(moto, "secretsmanager", "create-secret", "--name", "sm-get", "--secret-string", "{\"username\":\"app\",\"password\":\"p@ss w0rd\"}");
            using var client = new SecretsManagerClient(TestContexts.For(moto));
            var ours = await client.GetSecretValueAsync("sm-get", CancellationToken.None);
            var cli = AwsCli.Json(moto, "secretsmanager", "get-secret-value", "--secret-id", "sm-get")!;

            Assert.Equal((string?)cli["ARN"], ours.Arn);
            Assert.Equal((string?)cli["VersionId"], ours.VersionId);
            Assert.Equal((string?)cli["SecretString"], ours.Reveal());
            var credentials = ours.ReadCredentials();
            Assert.Equal("app", credentials!.UserName);
            Assert.Equal("p@ss w0rd", credentials.Password);
        }

        [Fact]
        public async Task The_secret_value_never_appears_in_ToString_or_the_log()
        {
            AwsCli.Run(moto, "secretsmanager", "create-secret", "--name", "sm-hidden", "--secret-string", "{\"username\":\"app\",\"password\":\"hunter2-secret\"}");
            var log = new RecordingLog();
            using var client = new SecretsManagerClient(TestContexts.For(moto, log: log));
            var value = await client.GetSecretValueAsync("sm-hidden", CancellationToken.None);

            Assert.DoesNotContain("hunter2-secret", value.ToString());
            Assert.DoesNotContain("hunter2-secret", value.ReadCredentials()!.ToString());
            Assert.Contains(log.Lines, l => l.Contains("GetSecretValue") && l.Contains("sm-hidden"));
            Assert.DoesNotContain(log.Lines, l => l.Contains("hunter2-secret"));
        }

        [Fact]
        public async Task DescribeSecret_matches_the_AWS_CLI_and_returns_null_for_an_unknown_secret()
        {
            AwsCli.Run(moto, "secretsmanager", "create-secret", "--name", "sm-describe", "--description", "master user", "--secret-string", "x");
            using var client = new SecretsManagerClient(TestContexts.For(moto));
            var ours = await client.DescribeSecretAsync("sm-describe", CancellationToken.None);
            var cli = AwsCli.Json(moto, "secretsmanager", "describe-secret", "--secret-id", "sm-describe")!;

            Assert.Equal((string?)cli["ARN"], ours!.Arn);
            Assert.Equal((string?)cli["Name"], ours.Name);
            Assert.Equal("master user", ours.Description);
            Assert.Null(await client.DescribeSecretAsync("sm-no-such-secret", CancellationToken.None));
        }

        [Fact]
        public void A_secret_that_is_not_a_credentials_document_reads_as_no_credentials()
        {
            Assert.Null(new SecretValue("arn", "n", "v", "plain text").ReadCredentials());
            Assert.Null(new SecretValue("arn", "n", "v", "{\"username\":\"u\"}").ReadCredentials());
        }

        private sealed class RecordingLog : IOperationLog
        {
            public List<string> Lines { get; } = new List<string>();

            public void Verbose(string message)
            {
                lock (Lines)
                {
                    Lines.Add(message);
                }
            }

            public void Warning(string message) => Verbose(message);

            public void Progress(ProgressReport report)
            {
            }
        }
    }
}
