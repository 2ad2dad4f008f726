using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// "All monitoring and alerting is functioning as expected": the version's alarms exist and notify the environment's
    /// topic, the topic delivers a test message, and from 3.0 on the functions' role may put the step metrics in the
    /// configured namespace.
    /// </summary>
    public sealed class MonitoringCheck
    {
        private readonly ICloudWatchClient cloudWatch;
        private readonly ISnsClient sns;
        private readonly NotificationDeliveryProbe delivery;
        private readonly MetricsPermissionProbe metrics;
        private readonly IAmazonSimpleSystemsManagement ssm;
        private readonly IOperationLog log;

        public MonitoringCheck(ICloudWatchClient cloudWatch, ISnsClient sns, NotificationDeliveryProbe delivery, MetricsPermissionProbe metrics, IAmazonSimpleSystemsManagement ssm, IOperationLog log)
        {
            this.cloudWatch = cloudWatch;
            this.sns = sns;
            this.delivery = delivery;
            this.metrics = metrics;
            this.ssm = ssm;
            this.log = log;
        }

        public async Task<PipelineCheck> RunAsync(VerificationTarget target, TimeSpan deliveryTimeout, CancellationToken cancellationToken)
        {
            var env = target.Environment;
            var version = target.Version;
            var problems = new List<string>();
            var found = new List<string>();
            var topicArn = target.Output("TopicArn");
            var topicExists = false;
            if (topicArn == null)
            {
                problems.Add($"stack {target.MainStack.StackName} has no TopicArn output");
            }
            else
            {
                topicExists = await sns.GetTopicAttributesAsync(topicArn, cancellationToken).ConfigureAwait(false) != null;
                if (!topicExists)
                {
                    problems.Add($"topic {topicArn} does not exist");
                }
            }

            var wanted = version.Alarms.Select(a => env.AlarmName(a.Suffix)).ToList();
            var alarms = await cloudWatch.DescribeAlarmsAsync(wanted, null, cancellationToken).ConfigureAwait(false);
            foreach (var name in wanted)
            {
                var alarm = alarms.FirstOrDefault(a => a.AlarmName == name);
                if (alarm == null)
                {
                    problems.Add($"alarm {name} is missing");
                }
                else if (topicArn != null && !alarm.AlarmActions.Contains(topicArn))
                {
                    problems.Add($"alarm {name} does not notify {topicArn} (actions: {(alarm.AlarmActions.Count == 0 ? "none" : string.Join(", ", alarm.AlarmActions))})");
                }
            }

            found.Add($"{wanted.Count} alarm(s) of {version.Version} checked");
            if (topicArn != null && topicExists)
            {
                var deliveryProblem = await delivery.ProbeAsync(target, topicArn, deliveryTimeout, cancellationToken).ConfigureAwait(false);
                if (deliveryProblem != null)
                {
                    problems.Add(deliveryProblem);
                }
                else
                {
                    found.Add("a test message reached a temporary SQS subscription");
                }
            }

            if (FormatVersions.PutsMetrics(version.Version))
            {
                var roleArn = target.IamStack != null && target.IamStack.Outputs.TryGetValue("LambdaRoleArn", out var arn) && !string.IsNullOrEmpty(arn) ? arn : null;
                if (roleArn == null)
                {
                    problems.Add($"stack {env.IamStackName} has no LambdaRoleArn output, so the functions' role cannot be checked");
                }
                else
                {
                    var metricsNamespace = await ConfiguredNamespaceAsync(target, cancellationToken).ConfigureAwait(false);
                    var (allowed, how) = await metrics.AllowsAsync(roleArn, metricsNamespace, cancellationToken).ConfigureAwait(false);
                    if (allowed)
                    {
                        found.Add($"the functions' role may put metrics in {metricsNamespace} ({how})");
                    }
                    else
                    {
                        problems.Add($"the functions' role {roleArn} may not call {MetricsPermissionProbe.Action} in namespace {metricsNamespace}: {how}");
                    }
                }
            }

            return PipelineCheck.FromProblems(
                CheckNames.Monitoring, target, problems, string.Join("; ", found) + ".",
                $"Apply the alarms and the IAM stack of {version.Version} again (Install-RestorePipeline on an unfinished install, or the upgrade or rollback that changed the version); restore a deleted topic by updating the main stack; keep metrics_namespace = AuroraRestore on 3.0.");
        }

        /// <summary>The configuration's metrics_namespace (format 2), defaulting to AuroraRestore as the documented default.</summary>
        private async Task<string> ConfiguredNamespaceAsync(VerificationTarget target, CancellationToken cancellationToken)
        {
            const string Default = "AuroraRestore";
            try
            {
                var parameter = await ssm.GetParameterAsync(new GetParameterRequest { Name = target.Environment.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
                return (JsonNode.Parse(parameter.Parameter.Value) as JsonObject)?["metrics_namespace"] is JsonValue value && value.TryGetValue<string>(out var configured) ? configured : Default;
            }
            catch (ParameterNotFoundException)
            {
                return Default;
            }
            catch (System.Text.Json.JsonException ex)
            {
                log.Warning($"The configuration {target.Environment.ConfigurationParameterName} is not JSON ({ex.Message}); checking the default namespace {Default}.");
                return Default;
            }
        }
    }
}
