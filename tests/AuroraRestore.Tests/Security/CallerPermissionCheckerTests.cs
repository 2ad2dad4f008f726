using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.Sts;
using AuroraRestore.Common;
using AuroraRestore.Security;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Security
{
    /// <summary>The preflight's permission check when IAM's policy simulator cannot be used.</summary>
    public sealed class CallerPermissionCheckerTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public CallerPermissionCheckerTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task A_simulator_that_does_not_answer_falls_back_to_the_module_s_own_evaluation()
        {
            // A user who may publish to SNS and nothing else, made through the AWS CLI.
            var user = "checker-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            AwsCli.Run(moto, "iam", "create-user", "--user-name", user);
            AwsCli.Run(moto, "iam", "put-user-policy", "--user-name", user, "--policy-name", "publish",
                "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}");
            var key = AwsCli.Json(moto, "iam", "create-access-key", "--user-name", user)!["AccessKey"]!;
            var credentials = new BasicAWSCredentials((string)key["AccessKeyId"]!, (string)key["SecretAccessKey"]!);
            var log = NullOperationLog.Instance;
            var context = AwsContext.Resolve(MotoServer.DefaultRegion, null, credentials, moto.Endpoint, log);

            // The simulator's endpoint has nobody listening (what a run of dropped connections looks like to it).
            var silent = AwsContext.Resolve(MotoServer.DefaultRegion, null, credentials, "http://127.0.0.1:" + LoopbackPort.Free(), log)
                .WithRetry(new AwsRetryPolicy(maxAttempts: 2, baseDelay: TimeSpan.FromMilliseconds(1), maxDelay: TimeSpan.FromMilliseconds(5)));
            using var sts = new StsClient(context);
            using var iam = new IamClient(context);
            using var simulator = new IamClient(silent);
            var checker = new CallerPermissionChecker(sts, iam, simulator, customEndpoint: false, log);

            var report = await checker.CheckAsync(new[] { new RequiredPermission("sns:Publish", "*"), new RequiredPermission("dynamodb:DeleteTable", "*") }, CancellationToken.None);

            Assert.Equal(PermissionReport.ByOwnEvaluation, report.Method);
            Assert.Equal(PermissionDecision.Allowed, report.Decisions.Single(d => d.Action == "sns:Publish").Decision);
            Assert.NotEqual(PermissionDecision.Allowed, report.Decisions.Single(d => d.Action == "dynamodb:DeleteTable").Decision);
        }
    }
}
