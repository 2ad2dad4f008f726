using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Common;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// Our client speaks Query; the AWS CLI (botocore 1.43) speaks JSON 1.0 to CloudWatch, so the second path is
    /// independent down to the protocol. Each test uses its own alarm names and metric namespace.
    /// </summary>
    public sealed class CloudWatchClientTests : IClassFixture<MotoServer>
    {
        private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:aurora-restore-notifications";
        private readonly MotoServer moto;

        public CloudWatchClientTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task An_alarm_put_by_our_client_reads_the_same_through_the_AWS_CLI()
        {
            var alarm = NewAlarm(Unique("ours"));
            using var client = new CloudWatchClient(TestContexts.For(moto));

            await client.PutMetricAlarmAsync(alarm, CancellationToken.None);

            var cli = AwsCli.Json(moto, "cloudwatch", "describe-alarms", "--alarm-names", alarm.AlarmName)!["MetricAlarms"]!.AsArray().Single()!;
            Assert.Equal(alarm.AlarmName, (string?)cli["AlarmName"]);
            Assert.Equal(alarm.AlarmDescription, (string?)cli["AlarmDescription"]);
            Assert.Equal(alarm.MetricName, (string?)cli["MetricName"]);
            Assert.Equal(alarm.Namespace, (string?)cli["Namespace"]);
            Assert.Equal(alarm.Statistic, (string?)cli["Statistic"]);
            Assert.Equal(alarm.Period, (int)cli["Period"]!);
            Assert.Equal(alarm.EvaluationPeriods, (int)cli["EvaluationPeriods"]!);
            Assert.Equal(alarm.Threshold, (double)cli["Threshold"]!);
            Assert.Equal(alarm.ComparisonOperator, (string?)cli["ComparisonOperator"]);
            Assert.Equal(alarm.TreatMissingData, (string?)cli["TreatMissingData"]);
            Assert.Equal(alarm.Dimensions, Dimensions(cli["Dimensions"]));
            Assert.Equal(alarm.AlarmActions, Strings(cli["AlarmActions"]));
            Assert.Equal(alarm.OkActions, Strings(cli["OKActions"]));

            // And our own reading agrees with the CLI's.
            var ours = (await client.DescribeAlarmsAsync(new[] { alarm.AlarmName }, null, CancellationToken.None)).Single();
            AssertSame(cli, ours);
        }

        [Fact]
        public async Task Alarms_put_by_the_AWS_CLI_read_the_same_through_our_client_by_name_and_by_prefix()
        {
            var prefix = Unique("cli");
            foreach (var (suffix, threshold) in new[] { ("errors", "2.5"), ("stuck", "1") })
            {
                AwsCli.Run(moto, "cloudwatch", "put-metric-alarm", "--alarm-name", $"{prefix}-{suffix}", "--alarm-description", "set by the CLI",
                    "--metric-name", "RestoreFailures", "--namespace", "AuroraRestore", "--statistic", "Maximum", "--period", "300",
                    "--evaluation-periods", "3", "--threshold", threshold, "--comparison-operator", "LessThanThreshold",
                    "--treat-missing-data", "breaching", "--dimensions", "Name=Environment,Value=prod", "Name=Pipeline,Value=3.0.0",
                    "--alarm-actions", TopicArn, "--ok-actions", TopicArn);
            }

            AwsCli.Run(moto, "cloudwatch", "set-alarm-state", "--alarm-name", $"{prefix}-stuck", "--state-value", "ALARM", "--state-reason", "test");
            using var client = new CloudWatchClient(TestContexts.For(moto));

            var byPrefix = await client.DescribeAlarmsAsync(null, prefix, CancellationToken.None);
            var byName = await client.DescribeAlarmsAsync(new[] { $"{prefix}-stuck" }, null, CancellationToken.None);
            var cli = AwsCli.Json(moto, "cloudwatch", "describe-alarms", "--alarm-name-prefix", prefix)!["MetricAlarms"]!.AsArray();

            Assert.Equal(2, byPrefix.Count);
            Assert.Equal(cli.Count, byPrefix.Count);
            for (var i = 0; i < cli.Count; i++)
            {
                AssertSame(cli[i]!, byPrefix[i]);
            }

            Assert.Equal("ALARM", byName.Single().StateValue);
            Assert.Equal(2.5, byPrefix.Single(a => a.AlarmName.EndsWith("errors", StringComparison.Ordinal)).Threshold);
            Assert.Empty(await client.DescribeAlarmsAsync(Array.Empty<string>(), null, CancellationToken.None));
        }

        [Fact]
        public async Task More_than_100_alarms_are_described_and_deleted_in_batches()
        {
            var prefix = Unique("batch");
            var log = new RecordingLog();
            using var client = new CloudWatchClient(TestContexts.For(moto, log: log));
            var names = Enumerable.Range(0, 130).Select(i => $"{prefix}-{i:D3}").ToList();
            foreach (var name in names)
            {
                await client.PutMetricAlarmAsync(NewAlarm(name), CancellationToken.None);
            }

            var described = await client.DescribeAlarmsAsync(names, null, CancellationToken.None);
            Assert.Equal(names, described.Select(a => a.AlarmName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(2, log.VerboseLines.Count(l => l.StartsWith("CloudWatch DescribeAlarms", StringComparison.Ordinal)));

            await client.DeleteAlarmsAsync(names, CancellationToken.None);

            Assert.Equal(2, log.VerboseLines.Count(l => l.StartsWith("CloudWatch DeleteAlarms", StringComparison.Ordinal)));
            Assert.Empty(AwsCli.Json(moto, "cloudwatch", "describe-alarms", "--alarm-name-prefix", prefix)!["MetricAlarms"]!.AsArray());
        }

        [Fact]
        public async Task DescribeAlarms_follows_NextToken()
        {
            // moto never pages DescribeAlarms: a wire sample in CloudWatch's shape does.
            var handler = new ScriptedHttpHandler(
                (HttpStatusCode.OK, AlarmsPage("token-1", "a1", "a2")),
                (HttpStatusCode.OK, AlarmsPage(null, "a3")));
            using var client = new CloudWatchClient(ScriptedHttpHandler.ContextFor(handler));

            var alarms = await client.DescribeAlarmsAsync(null, "a", CancellationToken.None);

            Assert.Equal(new[] { "a1", "a2", "a3" }, alarms.Select(a => a.AlarmName));
            Assert.Equal("prod", alarms[2].Dimensions["Environment"]);
            Assert.Equal(0.5, alarms[0].Threshold);
            Assert.Equal(new[] { TopicArn }, alarms[1].AlarmActions);
            Assert.False(handler.Requests[0].Form.ContainsKey("NextToken"));
            Assert.Equal("token-1", handler.Requests[1].Form["NextToken"]);
            Assert.Equal("a", handler.Requests[1].Form["AlarmNamePrefix"]);
        }

        [Fact]
        public async Task Metric_data_put_by_our_client_is_read_back_by_get_metric_statistics()
        {
            var metricNamespace = "AuroraRestore/" + Unique("metrics");
            var now = DateTimeOffset.UtcNow;
            var at = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-2);
            var points = new[] { 3.0, 0.25, 7.5 }.Select((value, i) =>
            {
                var datum = new MetricDatum { MetricName = "RestoreDuration", Value = value, Unit = "Seconds", Timestamp = at.AddSeconds(10 * i) };
                datum.Dimensions["Environment"] = "prod";
                return datum;
            }).ToList();
            var other = new MetricDatum { MetricName = "RestoreDuration", Value = 1000, Unit = "Seconds", Timestamp = at };
            other.Dimensions["Environment"] = "staging";
            using var client = new CloudWatchClient(TestContexts.For(moto));

            await client.PutMetricDataAsync(metricNamespace, points.Append(other), CancellationToken.None);

            var cli = AwsCli.Json(moto, "cloudwatch", "get-metric-statistics", "--namespace", metricNamespace, "--metric-name", "RestoreDuration",
                "--dimensions", "Name=Environment,Value=prod", "--start-time", at.AddMinutes(-5).ToString("o", CultureInfo.InvariantCulture),
                "--end-time", at.AddMinutes(5).ToString("o", CultureInfo.InvariantCulture), "--period", "600",
                "--statistics", "Sum", "SampleCount", "Maximum", "Minimum")!["Datapoints"]!.AsArray();

            var point = Assert.Single(cli)!;
            Assert.Equal(3, (double)point["SampleCount"]!);
            Assert.Equal(10.75, (double)point["Sum"]!);
            Assert.Equal(7.5, (double)point["Maximum"]!);
            Assert.Equal(0.25, (double)point["Minimum"]!);
            Assert.Equal("Seconds", (string?)point["Unit"]);
        }

        [Fact]
        public async Task Alarms_and_metric_data_are_serialized_exactly_like_botocore_does()
        {
            var handler = new ScriptedHttpHandler(
                (HttpStatusCode.OK, "<PutMetricAlarmResponse/>"),
                (HttpStatusCode.OK, "<PutMetricDataResponse/>"));
            using var client = new CloudWatchClient(ScriptedHttpHandler.ContextFor(handler));
            var alarm = NewAlarm("wire-alarm");
            var datum = new MetricDatum { MetricName = "Restores", Value = 12.5, Unit = "Count", Timestamp = new DateTimeOffset(2026, 11, 25, 16, 27, 59, 250, TimeSpan.FromHours(2)) };
            datum.Dimensions["Environment"] = "prod";
            datum.Dimensions["Version"] = "3.0.0";
            var whole = new MetricDatum { MetricName = "Failures", Value = 2, Timestamp = new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero) };

            await client.PutMetricAlarmAsync(alarm, CancellationToken.None);
            await client.PutMetricDataAsync("AuroraRestore", new[] { datum, whole }, CancellationToken.None);

            var alarmParameters = new JsonObject
            {
                ["AlarmName"] = alarm.AlarmName,
                ["AlarmDescription"] = alarm.AlarmDescription,
                ["OKActions"] = new JsonArray(TopicArn),
                ["AlarmActions"] = new JsonArray(TopicArn),
                ["MetricName"] = alarm.MetricName,
                ["Namespace"] = alarm.Namespace,
                ["Statistic"] = alarm.Statistic,
                ["Dimensions"] = new JsonArray(
                    new JsonObject { ["Name"] = "Environment", ["Value"] = "prod" },
                    new JsonObject { ["Name"] = "StateMachine", ["Value"] = "aurora-restore-pipeline" }),
                ["Period"] = alarm.Period,
                ["EvaluationPeriods"] = alarm.EvaluationPeriods,
                ["Threshold"] = alarm.Threshold,
                ["ComparisonOperator"] = alarm.ComparisonOperator,
                ["TreatMissingData"] = alarm.TreatMissingData,
            };
            Botocore.AssertSameFields(Botocore.SerializeQuery("cloudwatch", "PutMetricAlarm", alarmParameters), handler.Requests[0].Form, "Threshold");

            var dataParameters = new JsonObject
            {
                ["Namespace"] = "AuroraRestore",
                ["MetricData"] = new JsonArray(
                    new JsonObject
                    {
                        ["MetricName"] = "Restores",
                        ["Dimensions"] = new JsonArray(
                            new JsonObject { ["Name"] = "Environment", ["Value"] = "prod" },
                            new JsonObject { ["Name"] = "Version", ["Value"] = "3.0.0" }),
                        ["Timestamp"] = "2026-11-25T14:27:59.250000Z",
                        ["Value"] = 12.5,
                        ["Unit"] = "Count",
                    },
                    new JsonObject { ["MetricName"] = "Failures", ["Timestamp"] = "2026-11-25T16:00:00Z", ["Value"] = 2, ["Unit"] = "None" }),
            };
            Botocore.AssertSameFields(Botocore.SerializeQuery("cloudwatch", "PutMetricData", dataParameters), handler.Requests[1].Form, "MetricData.member.1.Value", "MetricData.member.2.Value");
        }

        [Fact]
        public async Task Bad_input_is_refused_with_specific_error_ids_before_anything_is_sent()
        {
            var log = new RecordingLog();
            using var client = new CloudWatchClient(TestContexts.For(moto, log: log));

            async Task<string> AlarmError(Action<MetricAlarm> spoil)
            {
                var alarm = NewAlarm("bad-alarm");
                spoil(alarm);
                return (await Assert.ThrowsAsync<AuroraRestoreException>(() => client.PutMetricAlarmAsync(alarm, CancellationToken.None))).ErrorId;
            }

            async Task<string> DataError(string metricNamespace, params MetricDatum[] data)
                => (await Assert.ThrowsAsync<AuroraRestoreException>(() => client.PutMetricDataAsync(metricNamespace, data, CancellationToken.None))).ErrorId;

            Assert.Equal("InvalidAlarmStatistic", await AlarmError(a => a.Statistic = "Median"));
            Assert.Equal("InvalidAlarmComparisonOperator", await AlarmError(a => a.ComparisonOperator = "Equals"));
            Assert.Equal("InvalidAlarmTreatMissingData", await AlarmError(a => a.TreatMissingData = "zero"));
            Assert.Equal("AwsParameterOutOfRange", await AlarmError(a => a.Period = 45));
            Assert.Equal("AwsParameterOutOfRange", await AlarmError(a => a.EvaluationPeriods = 0));
            Assert.Equal("AwsParameterRequired", await AlarmError(a => a.AlarmName = string.Empty));
            Assert.Equal("InvalidMetricValue", await AlarmError(a => a.Threshold = double.NaN));
            Assert.Equal("InvalidAlarmAction", await AlarmError(a => a.AlarmActions.Add("aurora-restore-notifications")));
            Assert.Equal("AwsParameterOutOfRange", await AlarmError(a =>
            {
                for (var i = 0; i < 31; i++)
                {
                    a.Dimensions["d" + i] = "v";
                }
            }));

            var statisticError = await Assert.ThrowsAsync<AuroraRestoreException>(() => client.PutMetricAlarmAsync(NewAlarmWith(a => a.Statistic = "p99"), CancellationToken.None));
            Assert.Equal(FailureCategory.InvalidArgument, statisticError.Category);
            Assert.Equal("bad-alarm", statisticError.Target);

            Assert.Equal("InvalidMetricValue", await DataError("AuroraRestore", new MetricDatum { MetricName = "m", Value = double.PositiveInfinity }));
            Assert.Equal("InvalidMetricUnit", await DataError("AuroraRestore", new MetricDatum { MetricName = "m", Value = 1, Unit = "Hours" }));
            Assert.Equal("InvalidMetricNamespace", await DataError("AWS/RDS", new MetricDatum { MetricName = "m", Value = 1 }));
            Assert.Equal("AwsParameterRequired", await DataError("AuroraRestore"));
            // One bad point among good ones: nothing at all is sent.
            Assert.Equal("InvalidMetricValue", await DataError("AuroraRestore", new MetricDatum { MetricName = "ok", Value = 1 }, new MetricDatum { MetricName = "bad", Value = double.NaN }));
            Assert.Equal("AlarmNameFilterConflict", (await Assert.ThrowsAsync<AuroraRestoreException>(() => client.DescribeAlarmsAsync(new[] { "a" }, "a", CancellationToken.None))).ErrorId);
            Assert.Empty(log.VerboseLines);
        }

        private static MetricAlarm NewAlarmWith(Action<MetricAlarm> change)
        {
            var alarm = NewAlarm("bad-alarm");
            change(alarm);
            return alarm;
        }

        private static MetricAlarm NewAlarm(string name)
        {
            var alarm = new MetricAlarm
            {
                AlarmName = name,
                AlarmDescription = "Restores failing <fast> & loudly",
                MetricName = "ExecutionsFailed",
                Namespace = "AWS/States",
                Statistic = "Sum",
                Period = 300,
                EvaluationPeriods = 2,
                Threshold = 1.5,
                ComparisonOperator = "GreaterThanOrEqualToThreshold",
                TreatMissingData = "notBreaching",
            };
            alarm.Dimensions["StateMachine"] = "aurora-restore-pipeline";
            alarm.Dimensions["Environment"] = "prod";
            alarm.AlarmActions.Add(TopicArn);
            alarm.OkActions.Add(TopicArn);
            return alarm;
        }

        private static void AssertSame(JsonNode cli, MetricAlarm ours)
        {
            Assert.Equal((string?)cli["AlarmName"], ours.AlarmName);
            Assert.Equal((string?)cli["AlarmDescription"], ours.AlarmDescription);
            Assert.Equal((string?)cli["MetricName"], ours.MetricName);
            Assert.Equal((string?)cli["Namespace"], ours.Namespace);
            Assert.Equal((string?)cli["Statistic"], ours.Statistic);
            Assert.Equal((int)cli["Period"]!, ours.Period);
            Assert.Equal((int)cli["EvaluationPeriods"]!, ours.EvaluationPeriods);
            Assert.Equal((double)cli["Threshold"]!, ours.Threshold);
            Assert.Equal((string?)cli["ComparisonOperator"], ours.ComparisonOperator);
            Assert.Equal((string?)cli["TreatMissingData"], ours.TreatMissingData);
            Assert.Equal((string?)cli["StateValue"], ours.StateValue);
            Assert.Equal(Dimensions(cli["Dimensions"]), ours.Dimensions);
            Assert.Equal(Strings(cli["AlarmActions"]), ours.AlarmActions);
            Assert.Equal(Strings(cli["OKActions"]), ours.OkActions);
        }

        private static SortedDictionary<string, string> Dimensions(JsonNode? list)
            => new SortedDictionary<string, string>(
                (list?.AsArray() ?? new JsonArray()).ToDictionary(d => (string)d!["Name"]!, d => (string)d!["Value"]!),
                StringComparer.Ordinal);

        private static List<string> Strings(JsonNode? list) => (list?.AsArray() ?? new JsonArray()).Select(s => (string)s!).ToList();

        private static string Unique(string purpose) => "cw-" + purpose + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        private static string AlarmsPage(string? nextToken, params string[] names)
            => "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult><MetricAlarms>" +
               string.Concat(names.Select(n =>
                   $"<member><AlarmName>{n}</AlarmName><MetricName>ExecutionsFailed</MetricName><Namespace>AWS/States</Namespace>" +
                   "<Statistic>Sum</Statistic><Period>60</Period><EvaluationPeriods>1</EvaluationPeriods><Threshold>0.5</Threshold>" +
                   "<ComparisonOperator>GreaterThanThreshold</ComparisonOperator><StateValue>OK</StateValue>" +
                   $"<AlarmActions><member>{TopicArn}</member></AlarmActions><OKActions/>" +
                   "<Dimensions><member><Name>Environment</Name><Value>prod</Value></member></Dimensions></member>")) +
               $"</MetricAlarms><CompositeAlarms/>{(nextToken == null ? string.Empty : $"<NextToken>{nextToken}</NextToken>")}" +
               "</DescribeAlarmsResult></DescribeAlarmsResponse>";
    }
}
