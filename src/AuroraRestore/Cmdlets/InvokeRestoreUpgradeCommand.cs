using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Upgrades an environment's pipeline to a version (or applies a reviewed plan file): preflight, lock, backup, then per
    /// hop in the migration guide's order, journaled so that running the same command again finishes an interrupted run.
    /// Emits an UpgradeStepResult per step and an UpgradeResult at the end; -WhatIf shows the plan and changes nothing.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RestoreUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TargetSet)]
    [OutputType(typeof(UpgradeStepResult), typeof(UpgradeResult))]
    public sealed class InvokeRestoreUpgradeCommand : PipelineCmdlet
    {
        /// <summary>
        /// Test hook: the environment variable naming a step ("005#main-stack", or a step name such as "main-stack") after
        /// whose journal record the process kills itself (SIGKILL, exit code 137): how the tests prove a run killed at any
        /// step boundary is finished by running the command again. Never set it outside tests.
        /// </summary>
        public const string StopAfterStepVariable = "AURORARESTORE_TEST_STOP_AFTER_STEP";

        private const string TargetSet = "TargetVersion";
        private const string PlanSet = "Plan";

        /// <summary>The version to upgrade to: 2.0.0, 3.0.0 (or 3.0, 3.0.x).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TargetSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TargetVersion { get; set; }

        /// <summary>A plan file written by Get-RestoreUpgradePlan -OutFile: applied exactly, if the environment has not changed since.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PlanSet)]
        [ValidateNotNullOrEmpty]
        public string? Plan { get; set; }

        /// <summary>Use this existing, verified backup set instead of taking a new one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupName { get; set; }

        /// <summary>A local folder for backup sets; default: the artifact bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>An S3 bucket for backup sets; default: the artifact bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupBucket { get; set; }

        /// <summary>Seconds to wait for restores in progress to end; without it the upgrade is refused while any runs.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int? DrainTimeout { get; set; }

        /// <summary>The Lambda packages to deploy: a folder with aurora-restore-lambda-&lt;version&gt;.zip per version, or one zip for a one-hop upgrade.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LambdaPackagePath { get; set; }

        /// <summary>Refuse a path of several hops (1.0 to 3.0) instead of going through 2.0.</summary>
        [Parameter(ParameterSetName = TargetSet)]
        public SwitchParameter NoMultiHop { get; set; }

        /// <summary>Seconds the upgrade lock stays valid after its last heartbeat: a dead runner's lock is free after this.</summary>
        [Parameter]
        [ValidateRange(10, 86400)]
        public int LockTimeout { get; set; } = 900;

        /// <summary>Upgrades without asking for confirmation (-WhatIf still only shows the plan).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecordCore()
        {
            UpgradePlan? plan = null;
            if (Plan != null)
            {
                plan = ReadPlan(GetUnresolvedProviderPathFromPSPath(Plan));

                // The plan names where it applies; explicit -Environment/-Region must agree with it (checked by the engine).
                if (!MyInvocation.BoundParameters.ContainsKey(nameof(Environment)))
                {
                    Environment = plan.Environment;
                }

                if (!MyInvocation.BoundParameters.ContainsKey(nameof(Region)))
                {
                    Region = plan.Region;
                }
            }

            var env = PipelineEnvironment;
            var packages = new LambdaPackageResolver(LambdaPackagePath == null ? null : GetUnresolvedProviderPathFromPSPath(LambdaPackagePath));
            var request = new UpgradeRequest(env, packages.For)
            {
                TargetVersion = TargetVersion,
                Plan = plan,
                AllowMultiHop = !NoMultiHop,
                BackupName = BackupName,
                BackupLocation = Location(),
                DrainTimeout = DrainTimeout.HasValue ? TimeSpan.FromSeconds(DrainTimeout.Value) : null,
            };
            var options = new UpgradeOptions { LockLease = TimeSpan.FromSeconds(LockTimeout), AbandonAfterStep = KillHook() };
            using var aws = new AwsClients(AwsContext);
            using var services = UpgradeServices.From(aws, new BackupService(aws, AwsContext.Log), new RunnerStateMigrator(aws.DynamoDb, AwsContext.Log), CmdletClock.Current());
            var engine = new UpgradeEngine(services, options);
            var preparation = Run(token => engine.PrepareAsync(request, token));
            var what = preparation.Plan.IsEmpty
                ? $"Nothing to do: environment '{env.Name}' already runs {preparation.Plan.ToVersion}."
                : preparation.Describe();
            var question = preparation.Resumes
                ? $"Resume the upgrade of environment '{env.Name}' to {preparation.Plan.ToVersion} ({preparation.ResumedRun})?"
                : $"Upgrade environment '{env.Name}' in {AwsContext.Region} {preparation.Plan.Path} ({preparation.Plan.Steps.Count} steps; new restores are refused while the stacks switch over)?";
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf");
            if (!(Force && !whatIf) && !ShouldProcess(what, question, "Invoke-RestoreUpgrade"))
            {
                return;
            }

            var result = Run(token => engine.ExecuteAsync(preparation, Emit, token));
            WriteObject(result);
        }

        private UpgradePlan ReadPlan(string path)
        {
            if (!File.Exists(path))
            {
                throw new AuroraRestoreException(
                    "UpgradePlanFileNotFound", FailureCategory.ObjectNotFound, path,
                    $"The plan file {path} does not exist.",
                    "Write one with Get-RestoreUpgradePlan -TargetVersion <version> -OutFile <path>, review it, then pass it to -Plan.");
            }

            return UpgradePlanFile.FromJson(File.ReadAllText(path), path);
        }

        private BackupLocation? Location()
        {
            if (BackupPath != null && BackupBucket != null)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.BackupLocationConflict, FailureCategory.InvalidArgument, BackupPath + " | " + BackupBucket,
                    "Both -BackupPath and -BackupBucket were given; a backup set lives in one place.",
                    "Pass -BackupPath for a local folder or -BackupBucket for an S3 bucket (or neither, for the artifact bucket).");
            }

            return BackupPath != null ? BackupLocation.Folder(GetUnresolvedProviderPathFromPSPath(BackupPath))
                : BackupBucket != null ? BackupLocation.S3(BackupBucket)
                : null;
        }

        /// <summary>The test hook (<see cref="StopAfterStepVariable"/>): a real SIGKILL of this process, like an operator's kill -9.</summary>
        private static Func<string, bool>? KillHook()
        {
            var stopAfter = System.Environment.GetEnvironmentVariable(StopAfterStepVariable);
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
