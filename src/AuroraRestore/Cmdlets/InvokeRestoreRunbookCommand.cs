using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using AuroraRestore.Common;
using AuroraRestore.Runbooks;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Runs one of the module's runbooks (module/runbooks: Upgrade, Rollback) with Pester 5 or 6 against an environment: one
    /// phase per Describe, one step per It, an NUnit report for CI. Emits a RunbookResult read back from that report and,
    /// when a step failed, ends with the terminating error RunbookFailed so that scripts and CI see the failure.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RestoreRunbook", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RunbookResult))]
    public sealed class InvokeRestoreRunbookCommand : PipelineCmdlet
    {
        /// <summary>The runbook: Upgrade (preflight, backup, upgrade, verify) or Rollback (rollback, verify).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet(RunbookCatalog.UpgradeName, RunbookCatalog.RollbackName)]
        public string Name { get; set; } = string.Empty;

        /// <summary>Upgrade: the version to upgrade to. Rollback: the version to roll back to (default: the one before the last upgrade).</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        /// <summary>The folder for the NUnit report and the artifacts (default ./runbook-results).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutputPath { get; set; } = "runbook-results";

        /// <summary>A Pester 5.4+ or 6 module (Pester.psd1 or its folder) to run with, instead of the one installed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PesterPath { get; set; }

        /// <summary>Upgrade: a local folder for the backup set; default: the artifact bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>Upgrade: an S3 bucket for the backup set; default: the artifact bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupBucket { get; set; }

        /// <summary>Upgrade: seconds to wait for restores in progress to end; without it they fail the preflight.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int? DrainTimeout { get; set; }

        /// <summary>Also restore a snapshot into a scratch cluster when verifying (Test-RestorePipeline -SampleRestore).</summary>
        [Parameter]
        public SwitchParameter SampleRestore { get; set; }

        /// <summary>Rollback: how the items come back, ReverseMigration (default) or FromBackup (Undo-RestoreUpgrade -Method).</summary>
        [Parameter]
        [ValidateSet("ReverseMigration", "FromBackup")]
        public string? Method { get; set; }

        /// <summary>How much Pester prints: None, Normal (default), Detailed or Diagnostic.</summary>
        [Parameter]
        [ValidateSet("None", "Normal", "Detailed", "Diagnostic")]
        public string Output { get; set; } = "Normal";

        /// <summary>Runs without asking for confirmation (-WhatIf still only says what would run).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecordCore()
        {
            var options = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (BackupPath != null)
            {
                options[RunbookCatalog.BackupPathParameter] = GetUnresolvedProviderPathFromPSPath(BackupPath);
            }

            if (BackupBucket != null)
            {
                options[RunbookCatalog.BackupBucketParameter] = BackupBucket;
            }

            if (DrainTimeout.HasValue)
            {
                options[RunbookCatalog.DrainTimeoutParameter] = DrainTimeout.Value;
            }

            if (Method != null)
            {
                options[RunbookCatalog.MethodParameter] = Method;
            }

            if (SampleRestore)
            {
                options[RunbookCatalog.SampleRestoreParameter] = true;
            }

            var invocation = RunbookInvocation.Create(
                Name, Environment, Version, options,
                Path.Combine(ModuleFiles.ModuleDirectory, "runbooks"),
                GetUnresolvedProviderPathFromPSPath(OutputPath));

            // The AWS settings and Pester are checked before anything runs.
            var region = AwsContext.Region;
            var pester = PesterHost.Locate(this, PesterPath == null ? null : GetUnresolvedProviderPathFromPSPath(PesterPath));
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf");
            if (!(Force && !whatIf) && !ShouldProcess($"environment '{invocation.Environment.Name}' in {region}", invocation.Describe()))
            {
                return;
            }

            Directory.CreateDirectory(invocation.OutputPath);

            // A report left by an earlier run must never pass for this one.
            File.Delete(invocation.TestResultPath);
            var data = invocation.ContainerData();
            data["Region"] = region;
            if (AwsContext.EndpointUrl != null)
            {
                data["EndpointUrl"] = AwsContext.EndpointUrl.ToString();
            }

            if (ProfileName != null)
            {
                data["ProfileName"] = ProfileName;
            }

            if (Credential != null)
            {
                data["Credential"] = Credential;
            }

            WriteVerbose($"Running {invocation.RunbookPath} with Pester {pester.Module.Version}; report {invocation.TestResultPath}");
            var started = DateTimeOffset.UtcNow;
            var errors = pester.Run(invocation.RunbookPath, data, invocation.TestResultPath, Output);
            var result = new RunbookResult
            {
                Name = invocation.Runbook.Name,
                Environment = invocation.Environment.Name,
                Version = invocation.Version,
                StartedAt = started,
                Duration = DateTimeOffset.UtcNow - started,
                Phases = NUnitReportReader.Read(invocation.TestResultPath),
                Errors = errors,
                TestResultPath = invocation.TestResultPath,
                OutputPath = invocation.OutputPath,
            };
            WriteObject(result);
            if (!result.Passed)
            {
                ThrowTerminatingError(ToErrorRecord(Failed(result)));
            }
        }

        private static AuroraRestoreException Failed(RunbookResult result)
        {
            var first = result.Failures.FirstOrDefault();
            var what = first != null
                ? $"step '{first.Name}' of phase {first.Phase} failed: {first.Message}"
                : result.Errors.Count > 0 ? "it could not run: " + string.Join("; ", result.Errors) : "no step ran";
            var advice = result.Name == RunbookCatalog.UpgradeName
                ? "Read the report; when the Upgrade or Verify phase failed, roll back with Invoke-RestoreRunbook -Name Rollback (or resume with Invoke-RestoreUpgrade once the cause is fixed)."
                : "Read the report, fix the cause and run the Rollback runbook again: Undo-RestoreUpgrade resumes where it stopped.";
            return new AuroraRestoreException(
                RunbookErrorIds.RunbookFailed, FailureCategory.InvalidResult, result.Environment,
                $"The {result.Name} runbook failed on '{result.Environment}' ({result.FailedCount} failed, {result.SkippedCount} skipped): {what}",
                $"{advice} Report: {result.TestResultPath}");
        }
    }
}
