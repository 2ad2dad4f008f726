using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// Removes an environment's pipeline: main stack (with the tables), then the IAM stack (the reverse of install),
    /// the alarms and the configuration. The artifact bucket is shared by environments and stays.
    /// </summary>
    public sealed class PipelineRemover
    {
        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly StackWaiter waiter;

        public PipelineRemover(AwsClients aws, IOperationLog log, StackWaiter? waiter = null)
        {
            this.aws = aws;
            this.log = log;
            this.waiter = waiter ?? new StackWaiter(aws.CloudFormation, log);
        }

        public async Task RemoveAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            foreach (var stackName in new[] { env.MainStackName, env.IamStackName })
            {
                if (await aws.CloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false) == null)
                {
                    log.Verbose($"Stack {stackName} does not exist");
                    continue;
                }

                log.Progress(new ProgressReport(1, "Remove-RestorePipeline", "Deleting stack " + stackName, stackName == env.MainStackName ? 10 : 50));
                var started = DateTimeOffset.UtcNow;
                await aws.CloudFormation.DeleteStackAsync(stackName, cancellationToken).ConfigureAwait(false);
                await waiter.WaitForDeletedAsync(stackName, started, cancellationToken).ConfigureAwait(false);
            }

            var alarms = PipelineVersionCatalog.Default.Versions.SelectMany(v => v.Alarms).Select(a => env.AlarmName(a.Suffix)).Distinct().ToList();
            await new AlarmSet(aws.CloudWatch, log).RemoveAllAsync(env, alarms, cancellationToken).ConfigureAwait(false);
            try
            {
                await aws.Ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
            }
            catch (ParameterNotFoundException)
            {
                log.Verbose($"No configuration at {env.ConfigurationParameterName}");
            }

            try
            {
                await aws.DynamoDb.DeleteTableAsync(env.ControlTableName, cancellationToken).ConfigureAwait(false);
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                log.Verbose($"No control table {env.ControlTableName}");
            }

            log.Progress(new ProgressReport(1, "Remove-RestorePipeline", "Done", 100, completed: true));
        }
    }
}
