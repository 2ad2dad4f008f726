using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Aws.Sns;
using AuroraRestore.Aws.StepFunctions;

namespace AuroraRestore.Tests.Support
{
    // Minimal test-only implementations of the SNS, CloudWatch and Step Functions interfaces, used until the client
    // layer's own implementations land on this branch. They speak the real wire protocols to moto (only the
    // operations the restore engine calls); tests still observe every effect through the AWS CLI.

    public sealed class TestSnsClient : QueryServiceClient, ISnsClient
    {
        public TestSnsClient(AwsContext context)
            : base(context, new AwsServiceEndpoint("SNS", "sns", "sns"), "2010-03-31")
        {
        }

        public async Task<string> PublishAsync(string topicArn, string message, string? subject, IDictionary<string, string>? stringAttributes, CancellationToken cancellationToken)
        {
            var request = NewRequest("Publish").Add("TopicArn", topicArn).Add("Message", message).Add("Subject", subject);
            var index = 1;
            foreach (var pair in stringAttributes ?? new Dictionary<string, string>())
            {
                request.Add($"MessageAttributes.entry.{index}.Name", pair.Key)
                    .Add($"MessageAttributes.entry.{index}.Value.DataType", "String")
                    .Add($"MessageAttributes.entry.{index}.Value.StringValue", pair.Value);
                index++;
            }

            var result = await InvokeAsync(request, topicArn, cancellationToken);
            return Xml.Text(result, "MessageId") ?? string.Empty;
        }

        public Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IDictionary<string, string>?> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    public sealed class TestCloudWatchClient : QueryServiceClient, ICloudWatchClient
    {
        public TestCloudWatchClient(AwsContext context)
            : base(context, new AwsServiceEndpoint("CloudWatch", "monitoring", "monitoring"), "2010-08-01")
        {
        }

        public async Task PutMetricDataAsync(string metricNamespace, IEnumerable<MetricDatum> data, CancellationToken cancellationToken)
        {
            var request = NewRequest("PutMetricData").Add("Namespace", metricNamespace);
            var i = 1;
            foreach (var datum in data)
            {
                request.Add($"MetricData.member.{i}.MetricName", datum.MetricName)
                    .Add($"MetricData.member.{i}.Value", datum.Value)
                    .Add($"MetricData.member.{i}.Unit", datum.Unit);
                var d = 1;
                foreach (var dimension in datum.Dimensions)
                {
                    request.Add($"MetricData.member.{i}.Dimensions.member.{d}.Name", dimension.Key).Add($"MetricData.member.{i}.Dimensions.member.{d}.Value", dimension.Value);
                    d++;
                }

                i++;
            }

            await InvokeAsync(request, metricNamespace, cancellationToken);
        }

        public Task PutMetricAlarmAsync(MetricAlarm alarm, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(IEnumerable<string>? alarmNames, string? alarmNamePrefix, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteAlarmsAsync(IEnumerable<string> alarmNames, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    public sealed class TestStepFunctionsClient : JsonServiceClient, IStepFunctionsClient
    {
        public TestStepFunctionsClient(AwsContext context)
            : base(context, new AwsServiceEndpoint("StepFunctions", "states", "states"), "AWSStepFunctions", "1.0")
        {
        }

        public async Task<string> StartExecutionAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("StartExecution", new JsonObject { ["stateMachineArn"] = stateMachineArn, ["name"] = name, ["input"] = input }, name, cancellationToken);
            return (string)result["executionArn"]!;
        }

        public async Task<ExecutionDescription?> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, executionArn, cancellationToken);
            return new ExecutionDescription { ExecutionArn = executionArn, Name = (string?)result["name"] ?? string.Empty, Status = (string?)result["status"] ?? string.Empty, Input = (string?)result["input"] };
        }

        public async Task StopExecutionAsync(string executionArn, string? error, string? cause, CancellationToken cancellationToken)
            => await InvokeAsync("StopExecution", new JsonObject { ["executionArn"] = executionArn, ["error"] = error, ["cause"] = cause }, executionArn, cancellationToken);

        public Task<StateMachineDescription?> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task UpdateStateMachineAsync(string stateMachineArn, string definition, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ExecutionDescription>> ListExecutionsAsync(string stateMachineArn, string? statusFilter, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
