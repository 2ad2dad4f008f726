using System;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.Sts;
using AuroraRestore.Backups;
using AuroraRestore.Common;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Every client and collaborator the planner and the upgrade engine use, behind interfaces, so that xunit can wrap
    /// one of them (a stack in UPDATE_ROLLBACK_FAILED, a change set moto cannot make) and run everything else for real.
    /// </summary>
    public sealed class UpgradeServices : IDisposable
    {
        private readonly IDisposable? owned;

        public UpgradeServices(
            ICloudFormationClient cloudFormation,
            ILambdaClient lambda,
            IIamClient iam,
            IIamClient iamSimulator,
            IStsClient sts,
            ICloudWatchClient cloudWatch,
            IAmazonDynamoDB dynamoDb,
            IAmazonS3 s3,
            IAmazonSimpleSystemsManagement ssm,
            IStateBackupService backups,
            IStateMigrator migrator,
            string region,
            bool customEndpoint,
            IOperationLog log,
            TimeProvider? clock = null,
            IDisposable? owned = null)
        {
            CloudFormation = cloudFormation;
            Lambda = lambda;
            Iam = iam;
            IamSimulator = iamSimulator;
            Sts = sts;
            CloudWatch = cloudWatch;
            DynamoDb = dynamoDb;
            S3 = s3;
            Ssm = ssm;
            Backups = backups;
            Migrator = migrator;
            Region = region;
            CustomEndpoint = customEndpoint;
            Log = log;
            Clock = clock ?? TimeProvider.System;
            this.owned = owned;
        }

        public ICloudFormationClient CloudFormation { get; }

        public ILambdaClient Lambda { get; }

        public IIamClient Iam { get; }

        /// <summary>The IAM client for SimulatePrincipalPolicy: few retries, since its failure has a fallback.</summary>
        public IIamClient IamSimulator { get; }

        public IStsClient Sts { get; }

        public ICloudWatchClient CloudWatch { get; }

        public IAmazonDynamoDB DynamoDb { get; }

        public IAmazonS3 S3 { get; }

        public IAmazonSimpleSystemsManagement Ssm { get; }

        public IStateBackupService Backups { get; }

        public IStateMigrator Migrator { get; }

        public string Region { get; }

        /// <summary>True when every call goes to one endpoint (-EndpointUrl: moto, LocalStack).</summary>
        public bool CustomEndpoint { get; }

        public IOperationLog Log { get; }

        public TimeProvider Clock { get; }

        /// <summary>The services of one AWS context; the IAM simulator gets its own client with two attempts.</summary>
        public static UpgradeServices From(AwsClients aws, IStateBackupService backups, IStateMigrator migrator, TimeProvider? clock = null)
        {
            var simulator = new IamClient(aws.Context.WithRetry(new AwsRetryPolicy(maxAttempts: 2)));
            return new UpgradeServices(
                aws.CloudFormation, aws.Lambda, aws.Iam, simulator, aws.Sts, aws.CloudWatch, aws.DynamoDb, aws.S3, aws.Ssm,
                backups, migrator, aws.Context.Region, aws.Context.EndpointUrl != null, aws.Context.Log, clock, simulator);
        }

        public void Dispose() => owned?.Dispose();
    }
}
