using System;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Iam;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Aws.Sqs;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Aws.Sts;

namespace AuroraRestore.Aws
{
    /// <summary>
    /// Every AWS client an engine may need, created on first use from one <see cref="AwsContext"/> and disposed together.
    /// Engines take this (or single interfaces) so tests can hand them fakes; swapping in the official SDK packages later
    /// touches only the classes created here.
    /// </summary>
    public sealed class AwsClients : IDisposable
    {
        private readonly Lazy<ICloudFormationClient> cloudFormation;
        private readonly Lazy<IIamClient> iam;
        private readonly Lazy<ISnsClient> sns;
        private readonly Lazy<ICloudWatchClient> cloudWatch;
        private readonly Lazy<ILambdaClient> lambda;
        private readonly Lazy<IStepFunctionsClient> stepFunctions;
        private readonly Lazy<IStsClient> sts;
        private readonly Lazy<IAmazonDynamoDB> dynamoDb;
        private readonly Lazy<IAmazonS3> s3;
        private readonly Lazy<IAmazonSimpleSystemsManagement> ssm;
        private readonly Lazy<ISqsClient> sqs;

        public AwsClients(AwsContext context)
        {
            Context = context;
            cloudFormation = new Lazy<ICloudFormationClient>(() => new CloudFormationClient(context));
            iam = new Lazy<IIamClient>(() => new IamClient(context));
            sns = new Lazy<ISnsClient>(() => new SnsClient(context));
            cloudWatch = new Lazy<ICloudWatchClient>(() => new CloudWatchClient(context));
            lambda = new Lazy<ILambdaClient>(() => new LambdaClient(context));
            stepFunctions = new Lazy<IStepFunctionsClient>(() => new StepFunctionsClient(context));
            sts = new Lazy<IStsClient>(() => new StsClient(context));
            dynamoDb = new Lazy<IAmazonDynamoDB>(context.CreateDynamoDb);
            s3 = new Lazy<IAmazonS3>(context.CreateS3);
            ssm = new Lazy<IAmazonSimpleSystemsManagement>(context.CreateSsm);
            sqs = new Lazy<ISqsClient>(() => new SqsClient(context));
        }

        public AwsContext Context { get; }

        public ICloudFormationClient CloudFormation => cloudFormation.Value;

        public IIamClient Iam => iam.Value;

        public ISnsClient Sns => sns.Value;

        public ICloudWatchClient CloudWatch => cloudWatch.Value;

        public ILambdaClient Lambda => lambda.Value;

        public IStepFunctionsClient StepFunctions => stepFunctions.Value;

        public IStsClient Sts => sts.Value;

        public IAmazonDynamoDB DynamoDb => dynamoDb.Value;

        public IAmazonS3 S3 => s3.Value;

        public IAmazonSimpleSystemsManagement Ssm => ssm.Value;

        public ISqsClient Sqs => sqs.Value;

        public void Dispose()
        {
            DisposeIfCreated(cloudFormation);
            DisposeIfCreated(iam);
            DisposeIfCreated(sns);
            DisposeIfCreated(cloudWatch);
            DisposeIfCreated(lambda);
            DisposeIfCreated(stepFunctions);
            DisposeIfCreated(sts);
            DisposeIfCreated(dynamoDb);
            DisposeIfCreated(s3);
            DisposeIfCreated(ssm);
            DisposeIfCreated(sqs);
        }

        private static void DisposeIfCreated<T>(Lazy<T> client)
        {
            if (client.IsValueCreated && client.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
