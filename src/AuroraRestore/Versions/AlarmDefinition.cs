using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// One CloudWatch alarm of a pipeline version (alarms.json). The module applies alarms with PutMetricAlarm
    /// rather than in the template (moto silently drops template alarms, and alarms carry per-environment ARNs).
    /// Dimension values are templates: <c>{StateMachineArn}</c>, <c>{TopicArn}</c>, <c>{EnvironmentName}</c>,
    /// <c>{ResourcePrefix}</c> and <c>{FunctionName:&lt;function&gt;}</c> are filled in for one environment.
    /// </summary>
    public sealed class AlarmDefinition
    {
        public const string InvalidAlarmTargetErrorId = "InvalidAlarmTarget";

        private static readonly Regex Token = new Regex(@"\{(?<name>[A-Za-z]+)(?::(?<arg>[a-z0-9-]+))?\}", RegexOptions.CultureInvariant);

        public AlarmDefinition(
            string suffix,
            string description,
            string metricNamespace,
            string metricName,
            string statistic,
            int period,
            int evaluationPeriods,
            double threshold,
            string comparisonOperator,
            string treatMissingData,
            IReadOnlyDictionary<string, string> dimensionTemplates)
        {
            Suffix = suffix;
            Description = description;
            Namespace = metricNamespace;
            MetricName = metricName;
            Statistic = statistic;
            Period = period;
            EvaluationPeriods = evaluationPeriods;
            Threshold = threshold;
            ComparisonOperator = comparisonOperator;
            TreatMissingData = treatMissingData;
            DimensionTemplates = dimensionTemplates;
        }

        /// <summary>The alarm is named <c>&lt;ResourcePrefix&gt;-&lt;Suffix&gt;</c> (PipelineEnvironment.AlarmName).</summary>
        public string Suffix { get; }

        public string Description { get; }

        public string Namespace { get; }

        public string MetricName { get; }

        public string Statistic { get; }

        /// <summary>Seconds.</summary>
        public int Period { get; }

        public int EvaluationPeriods { get; }

        public double Threshold { get; }

        public string ComparisonOperator { get; }

        public string TreatMissingData { get; }

        /// <summary>Dimension name to value template, e.g. StateMachineArn → {StateMachineArn}.</summary>
        public IReadOnlyDictionary<string, string> DimensionTemplates { get; }

        public string AlarmName(PipelineEnvironment env) => env.AlarmName(Suffix);

        /// <summary>The alarm for one environment, ready for PutMetricAlarm; it notifies the environment's topic.</summary>
        public MetricAlarm ToMetricAlarm(PipelineEnvironment env, string topicArn, string stateMachineArn)
        {
            if (env == null)
            {
                throw new ArgumentNullException(nameof(env));
            }

            CheckArn(topicArn, "sns", nameof(topicArn), "the main stack's output TopicArn");
            CheckArn(stateMachineArn, "states", nameof(stateMachineArn), "the main stack's output StateMachineArn");
            var alarm = new MetricAlarm
            {
                AlarmName = AlarmName(env),
                AlarmDescription = Description,
                MetricName = MetricName,
                Namespace = Namespace,
                Statistic = Statistic,
                Period = Period,
                EvaluationPeriods = EvaluationPeriods,
                Threshold = Threshold,
                ComparisonOperator = ComparisonOperator,
                TreatMissingData = TreatMissingData,
            };
            foreach (var dimension in DimensionTemplates)
            {
                alarm.Dimensions[dimension.Key] = Resolve(dimension.Value, env, topicArn, stateMachineArn);
            }

            alarm.AlarmActions.Add(topicArn);
            return alarm;
        }

        /// <summary>Why a dimension template cannot be filled in (an unknown token or function), or null when every one can.</summary>
        internal string? FindTemplateProblem(IReadOnlyCollection<string> functions)
        {
            foreach (var dimension in DimensionTemplates)
            {
                foreach (Match match in Token.Matches(dimension.Value))
                {
                    var name = match.Groups["name"].Value;
                    var arg = match.Groups["arg"].Success ? match.Groups["arg"].Value : null;
                    var known = name switch
                    {
                        "StateMachineArn" or "TopicArn" or "EnvironmentName" or "ResourcePrefix" => arg == null,
                        "FunctionName" => arg != null && functions.Contains(arg),
                        _ => false,
                    };
                    if (!known)
                    {
                        return $"alarm '{Suffix}', dimension '{dimension.Key}': '{match.Value}' is not a known template token (or names no function of this version)";
                    }
                }

                if (Token.Replace(dimension.Value, string.Empty).IndexOfAny(new[] { '{', '}' }) >= 0)
                {
                    return $"alarm '{Suffix}', dimension '{dimension.Key}': unbalanced braces in '{dimension.Value}'";
                }
            }

            return null;
        }

        private static void CheckArn(string? arn, string service, string parameter, string source)
        {
            var parts = arn?.Split(':');
            if (parts == null || parts.Length < 6 || parts[0] != "arn" || parts[2] != service || parts[3].Length == 0 || parts[4].Length == 0)
            {
                throw new AuroraRestoreException(
                    InvalidAlarmTargetErrorId, FailureCategory.InvalidArgument, arn,
                    $"'{arn}' is not an {service} ARN ({parameter}).",
                    $"Pass {source} (arn:aws:{service}:<region>:<account>:...).");
            }
        }

        private static string Resolve(string template, PipelineEnvironment env, string topicArn, string stateMachineArn)
            => Token.Replace(template, match => match.Groups["name"].Value switch
            {
                "StateMachineArn" => stateMachineArn,
                "TopicArn" => topicArn,
                "EnvironmentName" => env.Name,
                "ResourcePrefix" => env.ResourcePrefix,
                "FunctionName" => env.FunctionName(match.Groups["arg"].Value),
                _ => throw new InvalidOperationException("Unvalidated alarm token " + match.Value),
            });
    }
}
