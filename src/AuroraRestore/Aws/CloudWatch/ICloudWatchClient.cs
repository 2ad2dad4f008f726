using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.CloudWatch
{
    /// <summary>The CloudWatch operations the module uses (botocore: cloudwatch/2010-08-01, Query protocol, signing name "monitoring").</summary>
    public interface ICloudWatchClient : IDisposable
    {
        /// <summary>Creates or replaces an alarm (idempotent).</summary>
        Task PutMetricAlarmAsync(MetricAlarm alarm, CancellationToken cancellationToken);

        Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(IEnumerable<string>? alarmNames, string? alarmNamePrefix, CancellationToken cancellationToken);

        Task DeleteAlarmsAsync(IEnumerable<string> alarmNames, CancellationToken cancellationToken);

        Task PutMetricDataAsync(string metricNamespace, IEnumerable<MetricDatum> data, CancellationToken cancellationToken);
    }

    public sealed class MetricAlarm
    {
        public string AlarmName { get; set; } = string.Empty;

        public string? AlarmDescription { get; set; }

        public string MetricName { get; set; } = string.Empty;

        public string Namespace { get; set; } = string.Empty;

        /// <summary>Sum, Average, Maximum, Minimum, SampleCount.</summary>
        public string Statistic { get; set; } = "Sum";

        public int Period { get; set; } = 300;

        public int EvaluationPeriods { get; set; } = 1;

        public double Threshold { get; set; }

        /// <summary>GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold.</summary>
        public string ComparisonOperator { get; set; } = "GreaterThanOrEqualToThreshold";

        /// <summary>missing, notBreaching, breaching, ignore.</summary>
        public string? TreatMissingData { get; set; }

        public IDictionary<string, string> Dimensions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public IList<string> AlarmActions { get; } = new List<string>();

        public IList<string> OkActions { get; } = new List<string>();

        /// <summary>Read back only: OK, ALARM, INSUFFICIENT_DATA.</summary>
        public string? StateValue { get; set; }
    }

    public sealed class MetricDatum
    {
        public string MetricName { get; set; } = string.Empty;

        public double Value { get; set; }

        /// <summary>Seconds, Milliseconds, Count, None, ...</summary>
        public string Unit { get; set; } = "None";

        public DateTimeOffset? Timestamp { get; set; }

        public IDictionary<string, string> Dimensions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
