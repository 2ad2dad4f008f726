using System;
using System.Text.Json.Nodes;
using AuroraRestore.Aws;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Backups;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Upgrades;
using AuroraRestore.Upgrades;
using Xunit;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// The module's clients for one faulted run: every request goes through a <see cref="FaultProxy"/> in front of moto,
    /// with the production retry policy (8 attempts, full jitter) and one retry counter the run reports.
    /// </summary>
    public sealed class FaultRun : IDisposable
    {
        public FaultRun(MotoServer moto, double rate, int seed)
        {
            Proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = rate, Seed = seed, SlowDelay = TimeSpan.FromMilliseconds(150) });
            Retry = new AwsRetryPolicy(seed: seed);
            Log = new RecordingLog();
            Aws = new AwsClients(FaultProxyTests.Through(Proxy, Retry, Log));
        }

        public FaultProxy Proxy { get; }

        public AwsRetryPolicy Retry { get; }

        public RecordingLog Log { get; }

        public AwsClients Aws { get; }

        /// <summary>The upgrade engine's services on the faulted clients, built as <see cref="UpgradeTestBed.Services"/> builds them.</summary>
        public UpgradeServices UpgradeServices()
        {
            var simulator = new IamClient(Aws.Context.WithRetry(new AwsRetryPolicy(maxAttempts: 2)));
            return new UpgradeServices(
                Aws.CloudFormation, Aws.Lambda, Aws.Iam, simulator, Aws.Sts, Aws.CloudWatch, Aws.DynamoDb, Aws.S3, Aws.Ssm,
                new BackupService(Aws, Log),
                new RunnerStateMigrator(Aws.DynamoDb, Log, fixedParallelism: 2),
                MotoServer.DefaultRegion, customEndpoint: true, Log, owned: simulator);
        }

        /// <summary>
        /// The retries the module reports against the faults injected: every throttle and 5xx answer is retried by the
        /// module (exactly one retry each); a dropped connection is re-sent either by .NET's own HTTP stack (which the
        /// module cannot see) or by the module; slow answers and partial batches are not request retries.
        /// </summary>
        public void AssertRetriesAccountForFaults()
        {
            var answered = Proxy.Count(FaultKind.Throttle) + Proxy.Count(FaultKind.ServerError);
            Assert.True(Retry.Retries >= answered && Retry.Retries <= Proxy.RetryingFaults, $"{Retry.Retries} retries reported; {Proxy.Summary()}");
        }

        public void Dispose()
        {
            Aws.Dispose();
            Proxy.Dispose();
        }

        /// <summary>An environment snapshot without what differs between two environments by name or time alone.</summary>
        public static string Normalized(EnvironmentSnapshot snapshot, PipelineEnvironment env)
        {
            var data = (JsonObject)snapshot.Data.DeepClone();
            foreach (var stack in data["stacks"]!.AsObject())
            {
                stack.Value!.AsObject().Remove("updates");
            }

            return data.ToJsonString().Replace("-" + env.Name, "-ENV", StringComparison.Ordinal).Replace("/" + env.Name + "/", "/ENV/", StringComparison.Ordinal).Replace("\"" + env.Name + "\"", "\"ENV\"", StringComparison.Ordinal);
        }
    }
}
