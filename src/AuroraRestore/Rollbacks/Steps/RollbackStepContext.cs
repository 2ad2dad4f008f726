using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks.Steps
{
    /// <summary>What every step of one rollback shares: the services, the plan, the upgrade journal it undoes and its own journal so far.</summary>
    internal sealed class RollbackStepContext
    {
        private readonly Dictionary<string, JournalEntry> upgradeEntries;
        private readonly Dictionary<string, JournalEntry> entries;

        public RollbackStepContext(UpgradeServices services, IRollbackVerifier verifier, RollbackOptions options, RollbackPreparation preparation, ControlTable control, RollbackJournal journal, UpgradeRun run)
        {
            Services = services;
            Verifier = verifier;
            Options = options;
            Preparation = preparation;
            Control = control;
            Journal = journal;
            Run = run;
            upgradeEntries = preparation.UpgradeJournal.ToDictionary(e => e.Key, StringComparer.Ordinal);
            entries = preparation.RollbackJournal.ToDictionary(e => e.Key, StringComparer.Ordinal);
            Waiter = new StackWaiter(services.CloudFormation, services.Log, options.StackPollInterval, options.StackTimeout);
        }

        public UpgradeServices Services { get; }

        public IRollbackVerifier Verifier { get; }

        public RollbackOptions Options { get; }

        public RollbackPreparation Preparation { get; }

        public PipelineEnvironment Environment => Preparation.Request.Environment;

        public RollbackPlan Plan => Preparation.Plan;

        public PipelineVersionCatalog Catalog => Options.Catalog;

        public ControlTable Control { get; }

        public RollbackJournal Journal { get; }

        public UpgradeRun Run { get; }

        public string RunId => Run.RunId;

        public StackWaiter Waiter { get; }

        public IOperationLog Log => Services.Log;

        public DateTimeOffset Now => Services.Clock.GetUtcNow();

        public IEnumerable<JournalEntry> Entries => entries.Values.OrderBy(e => e.Index);

        /// <summary>The final verification's checks, once the verify step ran in this invocation.</summary>
        public IReadOnlyList<Verification.PipelineCheck> Verification { get; set; } = Array.Empty<Verification.PipelineCheck>();

        public void Record(JournalEntry entry) => entries[entry.Key] = entry;

        public JournalEntry? Entry(string key) => entries.TryGetValue(key, out var entry) ? entry : null;

        /// <summary>The upgrade journal record a step undoes (null for the rollback's own steps).</summary>
        public JournalEntry? Undone(RollbackPlanStep step) => step.Undoes != null && upgradeEntries.TryGetValue(step.Undoes, out var entry) ? entry : null;

        /// <summary>Every upgrade journal record, in step order.</summary>
        public IEnumerable<JournalEntry> UpgradeEntries => upgradeEntries.Values.OrderBy(e => e.Index);

        public async Task<StackDescription> RequireStackAsync(string stackName, CancellationToken cancellationToken)
            => await Services.CloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false)
               ?? throw new AuroraRestoreException(
                   UpgradeErrorIds.PipelineNotInstalled, FailureCategory.ObjectNotFound, stackName,
                   $"Stack {stackName} does not exist: there is no pipeline to roll back.",
                   "Reinstall the pipeline (Install-RestorePipeline) at the version wanted and restore its tables from the run's backup set (Restore-RestoreState).");

        public static string Output(StackDescription stack, string name)
            => stack.Outputs.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
                ? value
                : throw new AuroraRestoreException(
                    UpgradeErrorIds.StackOutputMissing, FailureCategory.InvalidResult, stack.StackName,
                    $"Stack {stack.StackName} has no output {name}.",
                    "The stack was not deployed from this module's templates: repair it, then run Undo-RestoreUpgrade again.");
    }
}
