using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// Proves the hand-written clients sign correctly: moto started with INITIAL_NO_AUTH_ACTION_COUNT checks every
    /// signature once its first N actions (the setup below) are spent, so a request passes only if our SigV4 matches.
    /// </summary>
    public sealed class SigV4SigningTests : IClassFixture<SigV4SigningTests.SigningMoto>
    {
        private readonly SigningMoto signing;

        public SigV4SigningTests(SigningMoto signing) => this.signing = signing;

        [Fact]
        public async Task Correctly_signed_calls_succeed_on_every_Query_client()
        {
            var context = signing.ContextWith(signing.SecretAccessKey);
            using var cloudFormation = new CloudFormationClient(context);
            using var iam = new IamClient(context);
            using var sns = new SnsClient(context);
            using var cloudWatch = new CloudWatchClient(context);
            var stackName = "signed-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var request = new StackRequest(stackName, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  TopicArn:\n    Value: !Ref Topic\n");

            await cloudFormation.CreateStackAsync(request, CancellationToken.None);
            var stack = await cloudFormation.DescribeStackAsync(stackName, CancellationToken.None);
            var role = await iam.GetRoleAsync(SigningMoto.RoleName, CancellationToken.None);
            var topic = await sns.GetTopicAttributesAsync(stack!.Outputs["TopicArn"], CancellationToken.None);
            var alarm = new MetricAlarm { AlarmName = stackName, MetricName = "Failures", Namespace = "AuroraRestore", Threshold = 1 };
            await cloudWatch.PutMetricAlarmAsync(alarm, CancellationToken.None);
            var alarms = await cloudWatch.DescribeAlarmsAsync(new[] { stackName }, null, CancellationToken.None);

            Assert.Equal("CREATE_COMPLETE", stack.StackStatus);
            Assert.Equal(SigningMoto.RoleName, role!.RoleName);
            Assert.Equal(stack.Outputs["TopicArn"], topic!["TopicArn"]);
            Assert.Equal(stackName, Assert.Single(alarms).AlarmName);
        }

        [Fact]
        public async Task A_request_signed_with_a_wrong_secret_is_refused()
        {
            var context = signing.ContextWith("wrong" + signing.SecretAccessKey.Substring(5));
            using var cloudFormation = new CloudFormationClient(context);
            using var iam = new IamClient(context);

            var cfnError = await Assert.ThrowsAsync<AwsServiceException>(() => cloudFormation.DescribeStackAsync("anything", CancellationToken.None));
            var iamError = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync(SigningMoto.RoleName, CancellationToken.None));

            Assert.Equal("SignatureDoesNotMatch", cfnError.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, cfnError.StatusCode);
            Assert.Equal("SignatureDoesNotMatch", iamError.ErrorCode);
        }

        [Fact]
        public async Task A_request_changed_after_signing_is_refused()
        {
            // Below the signer: the signed request leaves with another stack name in its body and that body's hash, the
            // signature unchanged. (moto takes the payload hash from X-Amz-Content-SHA256 as botocore does, so a body changed
            // without its hash header would slip past moto, though not past AWS, which checks the body against the header.)
            var context = signing.ContextWith(signing.SecretAccessKey, () => new BodyRewriter("StackName=aaaa", "StackName=bbbb"));
            using var cloudFormation = new CloudFormationClient(context);

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => cloudFormation.DescribeStackAsync("aaaa", CancellationToken.None));

            Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        }

        [Fact]
        public async Task Moto_really_checks_credentials_here()
        {
            // The default test keys are not an IAM user of this server: proof that authentication is on, not a no-op.
            var context = AwsContext.Resolve(MotoServer.DefaultRegion, null, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey), signing.Moto.Endpoint, retry: new AwsRetryPolicy(maxAttempts: 1));
            using var iam = new IamClient(context);

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync(SigningMoto.RoleName, CancellationToken.None));

            Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        }

        /// <summary>moto checking signatures, with an IAM user whose inline policy allows everything and a role to read.</summary>
        public sealed class SigningMoto : IDisposable
        {
            public const string RoleName = "signing-test-role";
            private const string AdminPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

            public SigningMoto()
            {
                // Exactly the setup's four actions go unauthenticated; every later request must be signed by a known key.
                Moto = new MotoServer(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "4" });
                try
                {
                    AwsCli.Run(Moto, "iam", "create-user", "--user-name", "signer");
                    var key = AwsCli.Json(Moto, "iam", "create-access-key", "--user-name", "signer")!["AccessKey"]!;
                    AccessKeyId = (string)key["AccessKeyId"]!;
                    SecretAccessKey = (string)key["SecretAccessKey"]!;
                    AwsCli.Run(Moto, "iam", "put-user-policy", "--user-name", "signer", "--policy-name", "admin", "--policy-document", AdminPolicy);
                    AwsCli.Run(Moto, "iam", "create-role", "--role-name", RoleName, "--assume-role-policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
                }
                catch
                {
                    Moto.Dispose();
                    throw;
                }
            }

            public MotoServer Moto { get; }

            public string AccessKeyId { get; }

            public string SecretAccessKey { get; }

            /// <summary>One attempt only: an auth failure must surface at once, not after retries.</summary>
            public AwsContext ContextWith(string secret, Func<HttpMessageHandler>? handlerFactory = null)
                => AwsContext.Resolve(MotoServer.DefaultRegion, null, new BasicAWSCredentials(AccessKeyId, secret), Moto.Endpoint, retry: new AwsRetryPolicy(maxAttempts: 1), handlerFactory: handlerFactory);

            public void Dispose() => Moto.Dispose();
        }

        /// <summary>Rewrites the body (and its payload hash) of an already signed request, keeping its signature.</summary>
        private sealed class BodyRewriter : DelegatingHandler
        {
            private readonly string from;
            private readonly string to;

            public BodyRewriter(string from, string to)
                : base(new HttpClientHandler())
            {
                this.from = from;
                this.to = to;
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var original = request.Content!;
                var body = await original.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                Assert.Contains(from, body, StringComparison.Ordinal);
                var changed = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Replace(from, to, StringComparison.Ordinal)));
                foreach (var header in original.Headers)
                {
                    if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        changed.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }

                request.Content = changed;
                if (request.Headers.Remove("X-Amz-Content-SHA256"))
                {
                    var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body.Replace(from, to, StringComparison.Ordinal)))).ToLowerInvariant();
                    request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", hash);
                }

                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
