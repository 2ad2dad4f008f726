using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.Sts;
using AuroraRestore.Common;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    public sealed class AwsContextTests
    {
        private static readonly BasicAWSCredentials Keys = new BasicAWSCredentials("testing", "testing");

        [Theory]
        [InlineData("not a url")]
        [InlineData("ftp://127.0.0.1:5000")]
        [InlineData("/relative/path")]
        public void A_malformed_endpoint_is_refused(string endpoint)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => AwsContext.Resolve("us-east-1", null, Keys, endpoint));
            Assert.Equal("InvalidEndpointUrl", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Theory]
        [InlineData("US-EAST-1")]
        [InlineData("useast1")]
        [InlineData("us-east")]
        public void A_malformed_region_is_refused(string region)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => AwsContext.Resolve(region, null, Keys, "http://127.0.0.1:1"));
            Assert.Equal("InvalidRegion", error.ErrorId);
        }

        [Fact]
        public void An_unknown_profile_is_refused()
        {
            var error = Assert.Throws<AuroraRestoreException>(() => AwsContext.Resolve("us-east-1", "no-such-profile-" + Guid.NewGuid().ToString("N"), null, null));
            Assert.Equal("AwsProfileNotFound", error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
        }

        [Fact]
        public async Task An_unreachable_endpoint_fails_after_retries_with_a_connection_error()
        {
            var retry = new AwsRetryPolicy(maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(1));
            var context = AwsContext.Resolve("us-east-1", null, Keys, "http://127.0.0.1:9", retry: retry);
            using var sts = new StsClient(context);

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => sts.GetCallerIdentityAsync(CancellationToken.None));

            Assert.Equal("AwsEndpointUnreachable", error.ErrorId);
            Assert.Equal(FailureCategory.ConnectionError, error.Category);
            Assert.Equal(2, retry.Retries);
        }

        [Fact]
        public void Public_endpoints_follow_the_region_and_global_services_have_one()
        {
            var context = AwsContext.Resolve("eu-west-2", null, Keys, null);
            Assert.Equal(new Uri("https://cloudformation.eu-west-2.amazonaws.com/"), context.EndpointFor("cloudformation"));
            Assert.Equal(new Uri("https://iam.amazonaws.com/"), context.EndpointFor("iam", global: true));
        }
    }
}
