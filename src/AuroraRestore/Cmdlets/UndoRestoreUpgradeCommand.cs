using System;
using System.Diagnostics;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Rollbacks;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Undoes the environment's last upgrade run from its journal, whether it finished, failed or was killed: newest hop
    /// first, the switch-back (aliases, configuration, main stack, then IAM stack) inside a short intake freeze, then the
    /// items (down migrations, or -Method FromBackup: the run's backup set), alarms and indexes; then verifies the pipeline
    /// as the older version. Journaled under the upgrade lock, so running it again finishes a killed rollback. Emits a
    /// RollbackStepResult per step and a RollbackResult; -WhatIf shows the reverse plan and changes nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "RestoreUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RollbackStepResult), typeof(RollbackResult))]
    public sealed class UndoRestoreUpgradeCommand : PipelineCmdlet
    {
        /// <summary>The version to go back to: one the run went through (after 1.0 to 3.0, 2.0.0 undoes the last hop only); default: where the run started.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ToVersion { get; set; }

        /// <summary>ReverseMigration (default): items migrated down, restores created since the upgrade kept; FromBackup: the tables made the run's backup set again.</summary>
        [Parameter]
        public RollbackMethod? Method { get; set; }

        /// <summary>Seconds the upgrade lock stays valid after its last heartbeat: a dead runner's lock is free after this.</summary>
        [Parameter]
        [ValidateRange(10, 86400)]
        public int LockTimeout { get; set; } = 900;

        /// <summary>Rolls back without asking for confirmation (-WhatIf still only shows the plan).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecordCore()
        {
            var env = PipelineEnvironment;
            var request = new RollbackRequest(env) { ToVersion = ToVersion, Method = Method };
            var options = new RollbackOptions { LockLease = TimeSpan.FromSeconds(LockTimeout), AbandonAfterStep = KillHook() };
            using var aws = new AwsClients(AwsContext);
            using var services = UpgradeServices.From(aws, new BackupService(aws, AwsContext.Log), new RunnerStateMigrator(aws.DynamoDb, AwsContext.Log), CmdletClock.Current());
            var engine = new RollbackEngine(services, new PipelineRollbackVerifier(aws, AwsContext.Log), options);
            var preparation = Run(token => engine.PrepareAsync(request, token));
            var plan = preparation.Plan;
            var loses = plan.Method == RollbackMethod.FromBackup
                ? $" Restoring backup set {preparation.Backup?.Name} removes {preparation.OperationsCreatedSinceBackupCount} operation(s) created since it was taken."
                : string.Empty;
            var question = preparation.Resumes
                ? $"Resume the rollback of environment '{env.Name}' to {plan.ToVersion} ({plan.Method}, run {plan.RunId})?{loses}"
                : $"Roll environment '{env.Name}' in {AwsContext.Region} back {plan.Path} by {plan.Method} ({plan.Steps.Count} steps; new restores are refused while it switches back)?{loses}";
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf");
            if (!(Force && !whatIf) && !ShouldProcess(preparation.Describe(), question, "Undo-RestoreUpgrade"))
            {
                return;
            }

            WriteObject(Run(token => engine.ExecuteAsync(preparation, Emit, token)));
        }

        /// <summary>The test hook (InvokeRestoreUpgradeCommand.StopAfterStepVariable): a real SIGKILL of this process right after a rollback step.</summary>
        private static Func<string, bool>? KillHook()
        {
            var stopAfter = System.Environment.GetEnvironmentVariable(InvokeRestoreUpgradeCommand.StopAfterStepVariable);
            if (string.IsNullOrEmpty(stopAfter))
            {
                return null;
            }

            return key =>
            {
                if (key == stopAfter || key.Substring(4) == stopAfter)
                {
                    using var self = Process.GetCurrentProcess();
                    self.Kill();
                }

                return false;
            };
        }
    }
}
