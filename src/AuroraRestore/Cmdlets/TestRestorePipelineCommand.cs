using System;
using System.Linq;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Verification;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Runs the migration guide's post-migration checks on one environment and emits one PipelineCheck per check.
    /// When a check fails it ends with the terminating error PipelineVerificationFailed naming the failed checks, so
    /// scripts and CI (pwsh exit code, $?) see the failure; with -Quiet it writes only $true or $false and no error.
    /// Creates temporary resources (a probe execution, an SQS queue and subscription, with -SampleRestore a scratch
    /// cluster) and removes them before it returns.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RestorePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PipelineCheck), typeof(bool))]
    public sealed class TestRestorePipelineCommand : PipelineCmdlet
    {
        /// <summary>The version the pipeline must be at (1.0.0, 2.0.0, 3.0.0 or 2.0.x); default: the deployed one.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        [Alias("Version")]
        public string? ExpectedVersion { get; set; }

        /// <summary>Also restore a snapshot into a scratch cluster (&lt;prefix&gt;-verify-&lt;id&gt;) and remove it again.</summary>
        [Parameter]
        public SwitchParameter SampleRestore { get; set; }

        /// <summary>With -SampleRestore: the snapshot to restore (default: the newest of the configured source and prefix).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SnapshotIdentifier { get; set; }

        /// <summary>Only these checks (FunctionVersions, StateMachineExecution, TableSchema, SampleRestore, Monitoring).</summary>
        [Parameter]
        [ValidateSet(CheckNames.FunctionVersions, CheckNames.StateMachineExecution, CheckNames.TableSchema, CheckNames.SampleRestore, CheckNames.Monitoring)]
        public string[]? Check { get; set; }

        /// <summary>With -SampleRestore: minutes the restore may take before the check fails (the scratch cluster is removed either way).</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int SampleRestoreTimeoutMinutes { get; set; } = 120;

        /// <summary>Write only $true (every check passed) or $false, and no error.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecordCore()
        {
            var request = new VerificationRequest(PipelineEnvironment)
            {
                ExpectedVersion = ExpectedVersion,
                SampleRestore = SampleRestore,
                SnapshotIdentifier = SnapshotIdentifier,
                SampleRestoreTimeout = TimeSpan.FromMinutes(SampleRestoreTimeoutMinutes),
                Checks = Check ?? CheckNames.All,
            };
            using var aws = new AwsClients(AwsContext);
            var verifier = new PipelineVerifier(aws, AwsContext.Log);
            var target = Run(token => verifier.PrepareAsync(request, token));
            var creates = "start and stop a probe execution, subscribe a temporary SQS queue to the topic" + (SampleRestore ? $", restore a snapshot into {target.Environment.ResourcePrefix}-verify-{target.VerificationId} and delete it" : string.Empty);
            if (!ShouldProcess($"environment '{target.Environment.Name}' ({target.Version.Version}) in {AwsContext.Region}", $"Verify: {creates}"))
            {
                return;
            }

            var checks = Run(token => verifier.VerifyAsync(request, target, Quiet ? null : (Action<PipelineCheck>)Emit, token));
            var failed = checks.Where(c => c.Outcome == CheckOutcome.Failed).ToList();
            if (Quiet)
            {
                WriteObject(failed.Count == 0);
                return;
            }

            if (failed.Count > 0)
            {
                ThrowTerminatingError(ToErrorRecord(new AuroraRestoreException(
                    "PipelineVerificationFailed", FailureCategory.InvalidResult, target.Environment.Name,
                    $"Pipeline '{target.Environment.Name}' failed {failed.Count} check(s) against {target.Version.Version}: {string.Join(", ", failed.Select(c => c.Name))}. {string.Join(" ", failed.Select(c => c.Name + ": " + c.Detail + "."))}",
                    string.Join(" ", failed.Select(c => c.Name + ": " + c.Fix)))));
            }
        }
    }
}
