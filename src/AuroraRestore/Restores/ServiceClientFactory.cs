using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Rds;
using AuroraRestore.Aws.SecretsManager;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Aws.StepFunctions;
using AuroraRestore.Restores.Database;

namespace AuroraRestore.Restores
{
    /// <summary>Builds the <see cref="RestoreServices"/> of the cmdlets and the Lambda host from an <see cref="AwsContext"/>.</summary>
    public static class ServiceClientFactory
    {
        public static RestoreServices Create(AwsContext context)
            => new RestoreServices(
                region => new RdsClient(context.ForRegion(region)),
                region => new SecretsManagerClient(context.ForRegion(region)),
                context.CreateDynamoDb(),
                new NpgsqlDatabaseAdmin(context.Log),
                context.Log)
            {
                Sns = new SnsClient(context),
                CloudWatch = new CloudWatchClient(context),
                StepFunctions = new StepFunctionsClient(context),
                CloudFormation = new CloudFormationClient(context),
            };
    }
}
