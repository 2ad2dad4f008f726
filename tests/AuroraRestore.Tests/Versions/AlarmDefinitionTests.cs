using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    public sealed class AlarmDefinitionTests
    {
        private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:aurora-restore-staging-notifications";
        private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-restore-staging-state-machine";

        [Fact]
        public void Execution_failures_watches_the_environments_state_machine()
        {
            var env = PipelineEnvironment.Named("staging");
            var alarm = PipelineVersionCatalog.Default.Get("1.0.0").Alarms.Single().ToMetricAlarm(env, TopicArn, StateMachineArn);

            Assert.Equal("aurora-restore-staging-execution-failures", alarm.AlarmName);
            Assert.Equal("AWS/States", alarm.Namespace);
            Assert.Equal("ExecutionsFailed", alarm.MetricName);
            Assert.Equal("Sum", alarm.Statistic);
            Assert.Equal(300, alarm.Period);
            Assert.Equal(1, alarm.EvaluationPeriods);
            Assert.Equal(1, alarm.Threshold);
            Assert.Equal("GreaterThanOrEqualToThreshold", alarm.ComparisonOperator);
            Assert.Equal("notBreaching", alarm.TreatMissingData);
            Assert.Equal(StateMachineArn, Assert.Single(alarm.Dimensions, d => d.Key == "StateMachineArn").Value);
            Assert.Single(alarm.Dimensions);
            Assert.Equal(new[] { TopicArn }, alarm.AlarmActions);
            Assert.False(string.IsNullOrEmpty(alarm.AlarmDescription));
        }

        [Theory]
        [InlineData("", StateMachineArn)]
        [InlineData(null, StateMachineArn)]
        [InlineData(StateMachineArn, StateMachineArn)]
        [InlineData(TopicArn, "aurora-restore-staging-state-machine")]
        [InlineData(TopicArn, "arn:aws:states::123456789012:stateMachine:x")]
        public void Arns_that_are_not_a_topic_and_a_state_machine_are_refused(string? topicArn, string stateMachineArn)
        {
            var alarm = PipelineVersionCatalog.Default.Get("1.0.0").Alarms.Single();

            var error = Assert.Throws<AuroraRestoreException>(() => alarm.ToMetricAlarm(PipelineEnvironment.Named("staging"), topicArn!, stateMachineArn));

            Assert.Equal("InvalidAlarmTarget", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Fact]
        public void Version_3_alarms_fill_in_function_and_environment_names()
        {
            var env = PipelineEnvironment.Named(PipelineEnvironment.Production);
            var alarms = PipelineVersionCatalog.Default.Get("3.0.0").Alarms.Select(a => a.ToMetricAlarm(env, TopicArn, StateMachineArn)).ToDictionary(a => a.AlarmName);

            Assert.Equal(
                new[] { "aurora-restore-execution-failures", "aurora-restore-execution-timeouts", "aurora-restore-lambda-errors", "aurora-restore-step-failures" },
                alarms.Keys);
            Assert.Equal("ExecutionsTimedOut", alarms["aurora-restore-execution-timeouts"].MetricName);
            Assert.Equal(StateMachineArn, alarms["aurora-restore-execution-timeouts"].Dimensions["StateMachineArn"]);

            var lambdaErrors = alarms["aurora-restore-lambda-errors"];
            Assert.Equal(("AWS/Lambda", "Errors"), (lambdaErrors.Namespace, lambdaErrors.MetricName));
            Assert.Equal("aurora-restore-restore-snapshot", lambdaErrors.Dimensions["FunctionName"]);

            var stepFailures = alarms["aurora-restore-step-failures"];
            Assert.Equal(("AuroraRestore", "StepFailure", "Sum", 1.0), (stepFailures.Namespace, stepFailures.MetricName, stepFailures.Statistic, stepFailures.Threshold));
            Assert.Equal("production", stepFailures.Dimensions["Environment"]);
            Assert.All(alarms.Values, a => Assert.Equal(new[] { TopicArn }, a.AlarmActions));
        }
    }
}
