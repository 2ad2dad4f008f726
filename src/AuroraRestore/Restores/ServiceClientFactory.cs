using System;
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
    /// <summary>
    /// Builds the <see cref="RestoreServices"/> of the cmdlets and the Lambda host from an <see cref="AwsContext"/>.
    /// The SNS, CloudWatch, Step Functions and CloudFormation clients are found by their conventional names
    /// (AuroraRestore.Aws.&lt;Service&gt;.&lt;Service&gt;Client, constructor (AwsContext)) because they are built on
    /// a parallel branch of the client layer; once merged, these lookups can become plain constructor calls.
    /// A missing client leaves the property null and the step that needs it fails with AwsClientNotAvailable.
    /// </summary>
    public static class ServiceClientFactory
    {
        public static RestoreServices Create(AwsContext context)
        {
            var services = new RestoreServices(
                region => new RdsClient(context.ForRegion(region)),
                region => new SecretsManagerClient(context.ForRegion(region)),
                context.CreateDynamoDb(),
                new NpgsqlDatabaseAdmin(context.Log),
                context.Log)
            {
                Sns = CreateByConvention<ISnsClient>("AuroraRestore.Aws.Sns.SnsClient", context),
                CloudWatch = CreateByConvention<ICloudWatchClient>("AuroraRestore.Aws.CloudWatch.CloudWatchClient", context),
                StepFunctions = CreateByConvention<IStepFunctionsClient>("AuroraRestore.Aws.StepFunctions.StepFunctionsClient", context),
                CloudFormation = CreateByConvention<ICloudFormationClient>("AuroraRestore.Aws.CloudFormation.CloudFormationClient", context),
            };
            return services;
        }

        /// <summary>Whether this build carries the client named <paramref name="typeName"/>.</summary>
        public static bool HasClient(string typeName) => typeof(ServiceClientFactory).Assembly.GetType(typeName) != null;

        private static T? CreateByConvention<T>(string typeName, AwsContext context)
            where T : class
        {
            var type = typeof(ServiceClientFactory).Assembly.GetType(typeName);
            if (type == null || !typeof(T).IsAssignableFrom(type))
            {
                return null;
            }

            return (T?)Activator.CreateInstance(type, context);
        }
    }
}
