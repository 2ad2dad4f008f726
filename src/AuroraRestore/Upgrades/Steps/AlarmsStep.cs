using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>The hop's CloudWatch alarms, applied as data with PutMetricAlarm; the alarms there were before are journaled.</summary>
    internal sealed class AlarmsStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.Alarms;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var env = context.Environment;
            var target = context.Catalog.Get(hop!.To);
            if (!entry.Has("previous_alarm_version"))
            {
                var ours = context.Catalog.Versions.SelectMany(v => v.Alarms).Select(a => env.AlarmName(a.Suffix)).Distinct().ToList();
                var existing = await context.Services.CloudWatch.DescribeAlarmsAsync(ours, null, cancellationToken).ConfigureAwait(false);
                entry.Set("previous_alarm_version", hop.From);
                entry.SetList("previous_alarms", existing.Select(a => a.AlarmName).OrderBy(n => n, System.StringComparer.Ordinal));
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            var main = await context.RequireStackAsync(env.MainStackName, cancellationToken).ConfigureAwait(false);
            var names = await new AlarmSet(context.Services.CloudWatch, context.Log).ApplyAsync(
                env, target, UpgradeStepContext.Output(main, "TopicArn"), UpgradeStepContext.Output(main, "StateMachineArn"), cancellationToken).ConfigureAwait(false);
            entry.SetList("alarms", names.OrderBy(n => n, System.StringComparer.Ordinal));
            return $"alarms of {target.Version}: {string.Join(", ", names.OrderBy(n => n, System.StringComparer.Ordinal))}";
        }
    }
}
