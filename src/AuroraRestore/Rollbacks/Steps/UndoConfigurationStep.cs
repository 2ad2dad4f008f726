using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>The configuration document back exactly as it was stored before the upgrade (journaled: documents hold names and ids, never secret values).</summary>
    internal sealed class UndoConfigurationStep : RollbackStep
    {
        public override async Task<string> RunAsync(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, CancellationToken cancellationToken)
        {
            var undone = context.Undone(step)!;
            var name = context.Environment.ConfigurationParameterName;
            var previous = undone.GetString("previous_configuration");
            if (previous == null)
            {
                return undone.Has("previous_configuration_absent")
                    ? $"no configuration was stored at {name}: the upgrade wrote none"
                    : "the upgrade step was stopped before it recorded the configuration, so it changed nothing";
            }

            string? current;
            try
            {
                context.Log.Verbose($"SSM GetParameter {name}");
                current = (await context.Services.Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, cancellationToken).ConfigureAwait(false)).Parameter.Value;
            }
            catch (ParameterNotFoundException)
            {
                current = null;
            }

            entry.Set("configuration_sha256", UpgradePlanFile.Sha256(previous));
            if (current == previous)
            {
                return $"{name} already as before the upgrade (format {undone.GetString("previous_configuration_format") ?? "?"})";
            }

            context.Log.Verbose($"SSM PutParameter {name} (the document stored before the upgrade)");
            await context.Services.Ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = name,
                Value = previous,
                Type = ParameterType.String,
                Overwrite = true,
            }, cancellationToken).ConfigureAwait(false);
            return $"{name} back to the document stored before the upgrade (format {undone.GetString("previous_configuration_format") ?? "?"})";
        }
    }
}
