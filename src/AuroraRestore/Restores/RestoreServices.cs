using System;
using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Common;
using AuroraRestore.Restores.Database;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// Every client a restore uses, behind interfaces so that the engine runs the same under a cmdlet, in the Lambda host
    /// and in xunit. RDS and Secrets Manager are per region (source and target may differ).
    /// </summary>
    public sealed class RestoreServices : IDisposable
    {
        private readonly Func<string, IRdsClient> createRds;
        private readonly Func<string, ISecretsManagerClient> createSecrets;
        private readonly ConcurrentDictionary<string, IRdsClient> rds = new ConcurrentDictionary<string, IRdsClient>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, ISecretsManagerClient> secrets = new ConcurrentDictionary<string, ISecretsManagerClient>(StringComparer.Ordinal);

        public RestoreServices(Func<string, IRdsClient> createRds, Func<string, ISecretsManagerClient> createSecrets, IAmazonDynamoDB dynamoDb, IDatabaseAdmin database, IOperationLog log, TimeProvider? clock = null)
        {
            this.createRds = createRds;
            this.createSecrets = createSecrets;
            DynamoDb = dynamoDb;
            Database = database;
            Log = log;
            Clock = clock ?? TimeProvider.System;
        }

        public IAmazonDynamoDB DynamoDb { get; }

        public IDatabaseAdmin Database { get; }

        public IOperationLog Log { get; }

        public TimeProvider Clock { get; }

        public ISnsClient? Sns { get; set; }

        public ICloudWatchClient? CloudWatch { get; set; }

        public IStepFunctionsClient? StepFunctions { get; set; }

        public ICloudFormationClient? CloudFormation { get; set; }

        public DateTimeOffset Now => Clock.GetUtcNow();

        public IRdsClient Rds(string region) => rds.GetOrAdd(region, createRds);

        public ISecretsManagerClient Secrets(string region) => secrets.GetOrAdd(region, createSecrets);

        public ISnsClient RequireSns() => Sns ?? throw Missing("SNS");

        public ICloudWatchClient RequireCloudWatch() => CloudWatch ?? throw Missing("CloudWatch");

        public IStepFunctionsClient RequireStepFunctions() => StepFunctions ?? throw Missing("Step Functions");

        public ICloudFormationClient RequireCloudFormation() => CloudFormation ?? throw Missing("CloudFormation");

        public void Dispose()
        {
            foreach (var client in rds.Values)
            {
                client.Dispose();
            }

            foreach (var client in secrets.Values)
            {
                client.Dispose();
            }

            Sns?.Dispose();
            CloudWatch?.Dispose();
            StepFunctions?.Dispose();
            CloudFormation?.Dispose();
            DynamoDb.Dispose();
        }

        private static AuroraRestoreException Missing(string service) => new AuroraRestoreException(
            "AwsClientNotAvailable", FailureCategory.NotInstalled, service,
            $"This build of the module has no {service} client, which this step needs.",
            "Use a complete build of AuroraRestore (the " + service + " client ships with the module's AWS client layer).");
    }
}
