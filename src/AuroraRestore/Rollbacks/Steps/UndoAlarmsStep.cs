using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>The alarms back to those there were before the upgrade: the previous version's definitions, exactly the alarm names journaled.</summary>
    internal sealed class UndoAlarmsStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var undone = context.Undone(step)!;
            var version = undone.GetString("previous_alarm_version");
            if (version == null)
            {
                return "the upgrade step was stopped before it recorded the alarms, so it changed none";
            }

            var env = context.Environment;
            var main = await context.RequireStackAsync(env.MainStackName, cancellationToken).ConfigureAwait(false);
            var applied = await new AlarmSet(context.Services.CloudWatch, context.Log).ApplyAsync(
                env, context.Catalog.Get(version), RollbackStepContext.Output(main, "TopicArn"), RollbackStepContext.Output(main, "StateMachineArn"), cancellationToken).ConfigureAwait(false);
            var before = new HashSet<string>(undone.GetList("previous_alarms"), StringComparer.Ordinal);
            var extra = applied.Where(a => !before.Contains(a)).OrderBy(a => a, StringComparer.Ordinal).ToList();
            if (extra.Count > 0)
            {
                // The environment lacked some of the version's alarms before the upgrade: undo means lacking them again.
                await context.Services.CloudWatch.DeleteAlarmsAsync(extra, cancellationToken).ConfigureAwait(false);
            }

            var kept = applied.Where(before.Contains).OrderBy(a => a, StringComparer.Ordinal).ToList();
            entry.SetList("alarms", kept);
            return $"alarms of {version}: {(kept.Count == 0 ? "none" : string.Join(", ", kept))}";
        }
    }
}
