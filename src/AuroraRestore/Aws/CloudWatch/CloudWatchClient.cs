using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.CloudWatch
{
    /// <summary>
    /// CloudWatch over the Query protocol (botocore: cloudwatch/2010-08-01, signing name "monitoring").
    /// botocore now prefers CBOR for CloudWatch, but the service still speaks Query, the protocol every other hand-written client here uses.
    /// </summary>
    public sealed class CloudWatchClient : QueryServiceClient, ICloudWatchClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("CloudWatch", "monitoring", "monitoring");

        /// <summary>DescribeAlarms and DeleteAlarms take at most 100 names per call (botocore: AlarmNames max 100).</summary>
        public const int MaxAlarmNamesPerCall = 100;

        /// <summary>PutMetricData takes at most 1000 metrics per call.</summary>
        public const int MaxMetricDataPerCall = 1000;

        /// <summary>PutMetricData's request limit is 1 MB; batches stay under this many form-body bytes.</summary>
        private const int MaxMetricDataBodyBytes = 900_000;

        private static readonly double MaxMagnitude = Math.Pow(2, 360);

        private static readonly HashSet<string> Statistics = new HashSet<string>(StringComparer.Ordinal)
        {
            "SampleCount", "Average", "Sum", "Minimum", "Maximum",
        };

        private static readonly HashSet<string> ComparisonOperators = new HashSet<string>(StringComparer.Ordinal)
        {
            "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
        };

        private static readonly HashSet<string> TreatMissingDataValues = new HashSet<string>(StringComparer.Ordinal)
        {
            "missing", "notBreaching", "breaching", "ignore",
        };

        private static readonly HashSet<string> Units = new HashSet<string>(StringComparer.Ordinal)
        {
            "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
            "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
            "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
            "Terabits/Second", "Count/Second", "None",
        };

        public CloudWatchClient(AwsContext context)
            : base(context, Endpoint, "2010-08-01")
        {
        }

        public async Task PutMetricAlarmAsync(MetricAlarm alarm, CancellationToken cancellationToken)
        {
            CheckAlarm(alarm);
            var query = NewRequest("PutMetricAlarm")
                .Add("AlarmName", alarm.AlarmName)
                .Add("AlarmDescription", alarm.AlarmDescription)
                .AddList("OKActions", alarm.OkActions)
                .AddList("AlarmActions", alarm.AlarmActions)
                .Add("MetricName", alarm.MetricName)
                .Add("Namespace", alarm.Namespace)
                .Add("Statistic", alarm.Statistic)
                .AddList("Dimensions", alarm.Dimensions, DimensionFields)
                .Add("Period", alarm.Period)
                .Add("EvaluationPeriods", alarm.EvaluationPeriods)
                .Add("Threshold", alarm.Threshold)
                .Add("ComparisonOperator", alarm.ComparisonOperator)
                .Add("TreatMissingData", alarm.TreatMissingData);
            await InvokeAsync(query, $"{alarm.AlarmName} ({alarm.Namespace} {alarm.MetricName} {alarm.Statistic} {alarm.ComparisonOperator} {alarm.Threshold.ToString(CultureInfo.InvariantCulture)})", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Metric alarms by exact names (any number: sent 100 per call) or by name prefix, or every metric alarm when both are null.
        /// An empty name list matches nothing.
        /// </summary>
        public async Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(IEnumerable<string>? alarmNames, string? alarmNamePrefix, CancellationToken cancellationToken)
        {
            var names = alarmNames == null ? null : RequestGuard.RequiredItems(alarmNames, "AlarmNames", "DescribeAlarms", allowEmpty: true);
            if (names != null && alarmNamePrefix != null)
            {
                throw new AuroraRestoreException(
                    "AlarmNameFilterConflict", FailureCategory.InvalidArgument, alarmNamePrefix,
                    "DescribeAlarms: CloudWatch takes alarm names or a name prefix, not both.",
                    "Pass either the names or the prefix.");
            }

            if (alarmNamePrefix != null)
            {
                RequestGuard.Length(alarmNamePrefix, "AlarmNamePrefix", "DescribeAlarms", 1, 255);
            }

            if (names == null)
            {
                return await DescribeAllPagesAsync(null, alarmNamePrefix, cancellationToken).ConfigureAwait(false);
            }

            var alarms = new List<MetricAlarm>();
            foreach (var batch in Batches(names.Distinct(StringComparer.Ordinal).ToList(), MaxAlarmNamesPerCall))
            {
                alarms.AddRange(await DescribeAllPagesAsync(batch, null, cancellationToken).ConfigureAwait(false));
            }

            return alarms;
        }

        /// <summary>Deletes the named alarms (100 per call); CloudWatch ignores names that do not exist. No names: nothing is sent.</summary>
        public async Task DeleteAlarmsAsync(IEnumerable<string> alarmNames, CancellationToken cancellationToken)
        {
            var names = RequestGuard.RequiredItems(alarmNames, "AlarmNames", "DeleteAlarms", allowEmpty: true);
            foreach (var name in names)
            {
                RequestGuard.Length(name, "AlarmNames", "DeleteAlarms", 1, 255);
            }

            foreach (var batch in Batches(names.Distinct(StringComparer.Ordinal).ToList(), MaxAlarmNamesPerCall))
            {
                var query = NewRequest("DeleteAlarms").AddList("AlarmNames", batch);
                await InvokeAsync(query, string.Join(", ", batch), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Sends the data in as few calls as CloudWatch's limits allow (1000 metrics and about 1 MB per call).</summary>
        public async Task PutMetricDataAsync(string metricNamespace, IEnumerable<MetricDatum> data, CancellationToken cancellationToken)
        {
            CheckNamespace(metricNamespace, "PutMetricData");
            var items = RequestGuard.RequiredObject(data, "MetricData", "PutMetricData").ToList();
            if (items.Count == 0)
            {
                throw new AuroraRestoreException(
                    "AwsParameterRequired", FailureCategory.InvalidArgument, "MetricData",
                    "PutMetricData: no data points were given.",
                    "Pass one or more metric data points.");
            }

            foreach (var datum in items)
            {
                CheckDatum(datum);
            }

            // Check everything first, then send: a bad point never leaves half the batch published.
            var batch = new List<MetricDatum>();
            var batchBytes = 0;
            foreach (var datum in items)
            {
                var bytes = EstimatedBytes(datum);
                if (batch.Count == MaxMetricDataPerCall || (batch.Count > 0 && batchBytes + bytes > MaxMetricDataBodyBytes))
                {
                    await PutBatchAsync(metricNamespace, batch, cancellationToken).ConfigureAwait(false);
                    batch = new List<MetricDatum>();
                    batchBytes = 0;
                }

                batch.Add(datum);
                batchBytes += bytes;
            }

            await PutBatchAsync(metricNamespace, batch, cancellationToken).ConfigureAwait(false);
        }

        private async Task PutBatchAsync(string metricNamespace, List<MetricDatum> batch, CancellationToken cancellationToken)
        {
            var query = NewRequest("PutMetricData").Add("Namespace", metricNamespace);
            AddMetricData(query, batch);
            var names = batch.Select(d => d.MetricName).Distinct(StringComparer.Ordinal).ToList();
            await InvokeAsync(query, $"{metricNamespace} ({batch.Count} points: {string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", ..." : string.Empty)})", cancellationToken).ConfigureAwait(false);
        }

        private async Task<List<MetricAlarm>> DescribeAllPagesAsync(IReadOnlyList<string>? names, string? prefix, CancellationToken cancellationToken)
        {
            var alarms = new List<MetricAlarm>();
            string? nextToken = null;
            do
            {
                var query = NewRequest("DescribeAlarms")
                    .AddList("AlarmNames", names)
                    .Add("AlarmNamePrefix", prefix)
                    .Add("NextToken", nextToken);
                var narration = names != null ? string.Join(", ", names) : prefix != null ? "prefix " + prefix : "all";
                var result = await InvokeAsync(query, nextToken == null ? narration : $"{narration} (next page after {alarms.Count})", cancellationToken).ConfigureAwait(false);
                alarms.AddRange(Xml.Members(result, "MetricAlarms").Select(ParseAlarm));
                var token = Xml.Text(result, "NextToken");
                nextToken = string.IsNullOrEmpty(token) ? null : token;
            }
            while (nextToken != null);

            return alarms;
        }

        private static void AddMetricData(QueryRequest query, IEnumerable<MetricDatum> data)
        {
            query.AddList("MetricData", data, d =>
            {
                var fields = new List<KeyValuePair<string, string?>>
                {
                    new KeyValuePair<string, string?>("MetricName", d.MetricName),
                };
                var index = 1;
                foreach (var dimension in d.Dimensions)
                {
                    fields.Add(new KeyValuePair<string, string?>($"Dimensions.member.{index}.Name", dimension.Key));
                    fields.Add(new KeyValuePair<string, string?>($"Dimensions.member.{index}.Value", dimension.Value));
                    index++;
                }

                if (d.Timestamp.HasValue)
                {
                    fields.Add(new KeyValuePair<string, string?>("Timestamp", FormatTimestamp(d.Timestamp.Value)));
                }

                fields.Add(new KeyValuePair<string, string?>("Value", d.Value.ToString("R", CultureInfo.InvariantCulture)));
                fields.Add(new KeyValuePair<string, string?>("Unit", d.Unit));
                return fields;
            });
        }

        /// <summary>botocore's Query serializer: ISO 8601 in UTC, with fractional seconds only when there are any.</summary>
        private static string FormatTimestamp(DateTimeOffset value)
        {
            var utc = value.UtcDateTime;
            return utc.Ticks % TimeSpan.TicksPerSecond == 0
                ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }

        private static IEnumerable<KeyValuePair<string, string?>> DimensionFields(KeyValuePair<string, string> dimension) => new[]
        {
            new KeyValuePair<string, string?>("Name", dimension.Key),
            new KeyValuePair<string, string?>("Value", dimension.Value),
        };

        private static MetricAlarm ParseAlarm(XElement item)
        {
            var alarm = new MetricAlarm
            {
                AlarmName = Xml.Text(item, "AlarmName") ?? string.Empty,
                AlarmDescription = Xml.Text(item, "AlarmDescription"),
                MetricName = Xml.Text(item, "MetricName") ?? string.Empty,
                Namespace = Xml.Text(item, "Namespace") ?? string.Empty,
                Statistic = Xml.Text(item, "Statistic") ?? string.Empty,
                Period = Xml.Int(item, "Period") ?? 0,
                EvaluationPeriods = Xml.Int(item, "EvaluationPeriods") ?? 0,
                Threshold = Xml.Double(item, "Threshold") ?? 0,
                ComparisonOperator = Xml.Text(item, "ComparisonOperator") ?? string.Empty,
                TreatMissingData = Xml.Text(item, "TreatMissingData"),
                StateValue = Xml.Text(item, "StateValue"),
            };
            foreach (var dimension in Xml.Members(item, "Dimensions"))
            {
                alarm.Dimensions[Xml.Text(dimension, "Name") ?? string.Empty] = Xml.Text(dimension, "Value") ?? string.Empty;
            }

            foreach (var action in Xml.Strings(item, "AlarmActions"))
            {
                alarm.AlarmActions.Add(action);
            }

            foreach (var action in Xml.Strings(item, "OKActions"))
            {
                alarm.OkActions.Add(action);
            }

            return alarm;
        }

        private static IEnumerable<List<string>> Batches(List<string> items, int size)
        {
            for (var start = 0; start < items.Count; start += size)
            {
                yield return items.GetRange(start, Math.Min(size, items.Count - start));
            }
        }

        private static int EstimatedBytes(MetricDatum datum)
        {
            // Keys and escaping make a field at most about 3 times its raw length plus the key; generous on purpose.
            var raw = datum.MetricName.Length + datum.Unit.Length + 64 + datum.Dimensions.Sum(d => d.Key.Length + d.Value.Length + 60);
            return raw * 3;
        }

        private static void CheckAlarm(MetricAlarm? alarm)
        {
            const string Operation = "PutMetricAlarm";
            RequestGuard.RequiredObject(alarm, "alarm", Operation);
            RequestGuard.Length(alarm!.AlarmName, "AlarmName", Operation, 1, 255);
            if (alarm.AlarmDescription != null && alarm.AlarmDescription.Length > 1024)
            {
                throw OutOfRange(alarm.AlarmName, $"{Operation}: the description of '{alarm.AlarmName}' is {alarm.AlarmDescription.Length} characters; at most 1024 are allowed.", "Shorten the alarm description.");
            }

            RequestGuard.Length(alarm.MetricName, "MetricName", Operation, 1, 255);
            CheckNamespace(alarm.Namespace, Operation, allowAws: true);
            CheckOneOf(alarm.Statistic, Statistics, "Statistic", "InvalidAlarmStatistic", alarm.AlarmName);
            CheckOneOf(alarm.ComparisonOperator, ComparisonOperators, "ComparisonOperator", "InvalidAlarmComparisonOperator", alarm.AlarmName);
            if (alarm.TreatMissingData != null)
            {
                CheckOneOf(alarm.TreatMissingData, TreatMissingDataValues, "TreatMissingData", "InvalidAlarmTreatMissingData", alarm.AlarmName);
            }

            // CloudWatch: a period of 10, 30 or any multiple of 60 seconds; at least one evaluation period.
            if (!(alarm.Period == 10 || alarm.Period == 30 || (alarm.Period > 0 && alarm.Period % 60 == 0)))
            {
                throw OutOfRange(alarm.AlarmName, $"{Operation}: the period of '{alarm.AlarmName}' is {alarm.Period} s; CloudWatch takes 10, 30 or a multiple of 60.", "Use a period such as 60 or 300 seconds.");
            }

            if (alarm.EvaluationPeriods < 1)
            {
                throw OutOfRange(alarm.AlarmName, $"{Operation}: '{alarm.AlarmName}' needs at least one evaluation period ({alarm.EvaluationPeriods} given).", "Set EvaluationPeriods to 1 or more.");
            }

            CheckValue(alarm.Threshold, "Threshold", alarm.AlarmName);
            CheckDimensions(alarm.Dimensions, Operation, alarm.AlarmName);
            CheckActions(alarm.AlarmActions, "AlarmActions", alarm.AlarmName);
            CheckActions(alarm.OkActions, "OKActions", alarm.AlarmName);
        }

        private static void CheckDatum(MetricDatum? datum)
        {
            const string Operation = "PutMetricData";
            RequestGuard.RequiredObject(datum, "MetricData", Operation);
            RequestGuard.Length(datum!.MetricName, "MetricName", Operation, 1, 255);
            CheckValue(datum.Value, "Value", datum.MetricName);
            CheckOneOf(datum.Unit, Units, "Unit", "InvalidMetricUnit", datum.MetricName);
            CheckDimensions(datum.Dimensions, Operation, datum.MetricName);
        }

        private static void CheckNamespace(string? metricNamespace, string operation, bool allowAws = false)
        {
            RequestGuard.Length(metricNamespace, "Namespace", operation, 1, 255);
            if (metricNamespace!.StartsWith(":", StringComparison.Ordinal) || (!allowAws && metricNamespace.StartsWith("AWS/", StringComparison.Ordinal)))
            {
                throw new AuroraRestoreException(
                    "InvalidMetricNamespace", FailureCategory.InvalidArgument, metricNamespace,
                    $"{operation}: '{metricNamespace}' cannot be used as a namespace here (it starts with ':'{(allowAws ? string.Empty : " or the reserved 'AWS/'")}).",
                    "Use the module's own namespace, such as AuroraRestore.");
            }
        }

        private static void CheckValue(double value, string parameter, string target)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) > MaxMagnitude)
            {
                throw new AuroraRestoreException(
                    "InvalidMetricValue", FailureCategory.InvalidArgument, target,
                    $"{parameter} of '{target}' is {value.ToString(CultureInfo.InvariantCulture)}; CloudWatch takes finite numbers from -2^360 to 2^360.",
                    "Pass a finite number.");
            }
        }

        private static void CheckDimensions(IDictionary<string, string> dimensions, string operation, string target)
        {
            if (dimensions.Count > 30)
            {
                throw OutOfRange(target, $"{operation}: '{target}' has {dimensions.Count} dimensions; CloudWatch allows 30.", "Use fewer dimensions.");
            }

            foreach (var dimension in dimensions)
            {
                RequestGuard.Length(dimension.Key, "Dimensions.Name", operation, 1, 255);
                RequestGuard.Length(dimension.Value, "Dimensions.Value", operation, 1, 1024);
            }
        }

        private static void CheckActions(IList<string> actions, string parameter, string target)
        {
            if (actions.Count > 5)
            {
                throw OutOfRange(target, $"PutMetricAlarm: '{target}' has {actions.Count} {parameter}; CloudWatch allows 5.", "Notify one SNS topic and fan out from there.");
            }

            foreach (var action in actions)
            {
                if (string.IsNullOrWhiteSpace(action) || !action.StartsWith("arn:", StringComparison.Ordinal) || action.Length > 1024)
                {
                    throw new AuroraRestoreException(
                        "InvalidAlarmAction", FailureCategory.InvalidArgument, action,
                        $"PutMetricAlarm: '{action}' in {parameter} of '{target}' is not an ARN.",
                        "Pass the ARN of an SNS topic (or another alarm action).");
                }
            }
        }

        private static void CheckOneOf(string? value, HashSet<string> allowed, string parameter, string errorId, string target)
        {
            if (value == null || !allowed.Contains(value))
            {
                throw new AuroraRestoreException(
                    errorId, FailureCategory.InvalidArgument, target,
                    $"'{value}' is not a valid {parameter} (for '{target}').",
                    "Use one of: " + string.Join(", ", allowed) + ".");
            }
        }

        private static AuroraRestoreException OutOfRange(object target, string message, string action)
            => new AuroraRestoreException("AwsParameterOutOfRange", FailureCategory.InvalidArgument, target, message, action);
    }
}
