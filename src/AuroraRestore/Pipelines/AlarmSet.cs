using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudWatch;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// A version's CloudWatch alarms, declared as data and applied with PutMetricAlarm (idempotent). Not in the
    /// templates: moto silently drops template alarms, and applying them here lets upgrades and rollbacks converge them.
    /// </summary>
    public sealed class AlarmSet
    {
        private readonly ICloudWatchClient cloudWatch;
        private readonly IOperationLog log;

        public AlarmSet(ICloudWatchClient cloudWatch, IOperationLog log)
        {
            this.cloudWatch = cloudWatch;
            this.log = log;
        }

        /// <summary>Creates or updates the version's alarms and deletes the environment's alarms the version does not declare.</summary>
        public async Task<IReadOnlyList<string>> ApplyAsync(PipelineEnvironment env, PipelineVersionDefinition version, string topicArn, string stateMachineArn, CancellationToken cancellationToken)
        {
            var wanted = version.Alarms.Select(a => a.ToMetricAlarm(env, topicArn, stateMachineArn)).ToList();
            foreach (var alarm in wanted)
            {
                await cloudWatch.PutMetricAlarmAsync(alarm, cancellationToken).ConfigureAwait(false);
            }

            var existing = await cloudWatch.DescribeAlarmsAsync(null, env.ResourcePrefix + "-", cancellationToken).ConfigureAwait(false);
            var names = new HashSet<string>(wanted.Select(a => a.AlarmName));
            var stale = existing.Select(a => a.AlarmName).Where(n => !names.Contains(n) && IsOurs(env, n)).ToList();
            if (stale.Count > 0)
            {
                log.Verbose($"Deleting alarms not in {version.Version}: {string.Join(", ", stale)}");
                await cloudWatch.DeleteAlarmsAsync(stale, cancellationToken).ConfigureAwait(false);
            }

            return names.ToList();
        }

        public Task RemoveAllAsync(PipelineEnvironment env, IEnumerable<string> alarmNames, CancellationToken cancellationToken)
        {
            var names = alarmNames.ToList();
            return names.Count == 0 ? Task.CompletedTask : cloudWatch.DeleteAlarmsAsync(names, cancellationToken);
        }

        /// <summary>
        /// Only alarms some version declares for this environment are ours to delete: the prefix alone would also match
        /// another environment's (aurora-restore-staging-… starts with aurora-restore-).
        /// </summary>
        private static bool IsOurs(PipelineEnvironment env, string alarmName)
            => PipelineVersionCatalog.Default.Versions.SelectMany(v => v.Alarms).Any(a => env.AlarmName(a.Suffix) == alarmName);
    }
}
