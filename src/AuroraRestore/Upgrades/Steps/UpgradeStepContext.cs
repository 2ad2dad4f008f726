using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>What every step of one run shares: the services, the plan, the journal so far, the run's backup set.</summary>
    internal sealed class UpgradeStepContext
    {
        private readonly Dictionary<string, JournalEntry> entries;

        public UpgradeStepContext(UpgradeServices services, UpgradeOptions options, UpgradePreparation preparation, ControlTable control, UpgradeJournal journal, UpgradeRun run, IEnumerable<JournalEntry> entries, string account)
        {
            Services = services;
            Options = options;
            Preparation = preparation;
            Control = control;
            Journal = journal;
            Run = run;
            this.entries = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
            Account = account;
            Waiter = new StackWaiter(services.CloudFormation, services.Log, options.StackPollInterval, options.StackTimeout);
        }

        public UpgradeServices Services { get; }

        public UpgradeOptions Options { get; }

        public UpgradePreparation Preparation { get; }

        public PipelineEnvironment Environment => Preparation.Request.Environment;

        public UpgradePlan Plan => Preparation.Plan;

        public PipelineVersionCatalog Catalog => Options.Catalog;

        public ControlTable Control { get; }

        public UpgradeJournal Journal { get; }

        public UpgradeRun Run { get; }

        public string RunId => Run.RunId;

        public string Account { get; }

        public string ArtifactBucket => PipelineEnvironment.ArtifactBucketName(Account, Services.Region);

        public StackWaiter Waiter { get; }

        public IOperationLog Log => Services.Log;

        /// <summary>What draining found (preflight, new runs only).</summary>
        public string? DrainSummary { get; set; }

        /// <summary>The run's backup set, once the backup step has it.</summary>
        public RestoreStateBackup? Backup { get; set; }

        public void Record(JournalEntry entry) => entries[entry.Key] = entry;

        public JournalEntry? Entry(string key) => entries.TryGetValue(key, out var entry) ? entry : null;

        /// <summary>The completed record of an earlier step of the same hop; a step that needs it and finds none is a defect of the plan.</summary>
        public JournalEntry EarlierStep(string? hop, string name)
            => entries.Values.Where(e => e.Hop == hop && e.Name == name && e.Status == JournalEntry.Completed).OrderBy(e => e.Index).LastOrDefault()
               ?? throw new InvalidOperationException($"Step {name} of hop {hop} has no completed journal record in run {RunId}.");

        public IEnumerable<JournalEntry> Entries => entries.Values.OrderBy(e => e.Index);

        public DateTimeOffset Now => Services.Clock.GetUtcNow();

        public static string Output(StackDescription stack, string name)
            => stack.Outputs.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
                ? value
                : throw new AuroraRestoreException(
                    UpgradeErrorIds.StackOutputMissing, FailureCategory.InvalidResult, stack.StackName,
                    $"Stack {stack.StackName} has no output {name}.",
                    "The stack was not deployed from this module's templates: reinstall the pipeline, or repair the stack, then run the upgrade again.");

        public async Task<StackDescription> RequireStackAsync(string stackName, CancellationToken cancellationToken)
            => await Services.CloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false)
               ?? throw new AuroraRestoreException(
                   UpgradeErrorIds.PipelineNotInstalled, FailureCategory.ObjectNotFound, stackName,
                   $"Stack {stackName} does not exist.",
                   "Reinstall the pipeline (Install-RestorePipeline), or restore the environment from the run's backup set.");
    }
}
