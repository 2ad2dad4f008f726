using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Sts;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    public sealed class StsClientTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public StsClientTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task GetCallerIdentity_matches_the_AWS_CLI()
        {
            using var client = new StsClient(TestContexts.For(moto));
            var ours = await client.GetCallerIdentityAsync(CancellationToken.None);
            var cli = AwsCli.Json(moto, "sts", "get-caller-identity")!;

            Assert.Equal((string?)cli["Account"], ours.Account);
            Assert.Equal((string?)cli["Arn"], ours.Arn);
            Assert.Equal((string?)cli["UserId"], ours.UserId);
        }
    }
}
