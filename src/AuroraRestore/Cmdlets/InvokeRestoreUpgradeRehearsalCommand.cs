using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Rehearsals;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// The migration guide's "Testing Upgrades" in one command: copies the source environment with its state into a scratch
    /// environment, upgrades the copy, verifies it with a test restore, rolls it back, verifies it again, removes it, and
    /// writes one report (also as Markdown) with every step, duration and check. The source is only read. Ends with the
    /// terminating error RehearsalFailed, after the report, when a step failed.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RestoreUpgradeRehearsal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RehearsalReport))]
    public sealed class InvokeRestoreUpgradeRehearsalCommand : AuroraRestoreCmdlet
    {
        /// <summary>The environment to rehearse the upgrade of (default production); only read.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EnvironmentCompleter))]
        [ValidateNotNullOrEmpty]
        [Alias("Environment")]
        public string SourceEnvironment { get; set; } = PipelineEnvironment.Production;

        /// <summary>The version to upgrade to: 2.0.0, 3.0.0 (or 3.0, 3.0.x).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        public string TargetVersion { get; set; } = string.Empty;

        /// <summary>The environment the copy goes to (default rehearsal); it must have no pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ScratchEnvironment { get; set; } = RehearsalRequest.DefaultScratchName;

        /// <summary>Configuration keys that differ in the copy; target_cluster_id defaults to &lt;scratch&gt;-restored.</summary>
        [Parameter]
        public Hashtable? ConfigurationOverride { get; set; }

        /// <summary>Anonymise the copied state (cluster ids, snapshots, endpoints, user names).</summary>
        [Parameter]
        public SwitchParameter Anonymize { get; set; }

        /// <summary>Leave out the test restore after the upgrade (it needs a snapshot of the configured source).</summary>
        [Parameter]
        public SwitchParameter SkipTestRestore { get; set; }

        /// <summary>The snapshot of the test restore (default: the newest of the configured source and prefix).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnapshotIdentifier { get; set; }

        /// <summary>Where the Markdown report goes (default ./rehearsal-&lt;source&gt;-&lt;target&gt;-&lt;time&gt;.md).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReportPath { get; set; }

        /// <summary>Keep the scratch environment at the end, for inspection.</summary>
        [Parameter]
        public SwitchParameter KeepScratch { get; set; }

        /// <summary>A folder with aurora-restore-lambda-&lt;version&gt;.zip per version; default: the module's packages.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LambdaPackagePath { get; set; }

        /// <summary>Runs without asking for confirmation (-WhatIf still only says what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecordCore()
        {
            var source = PipelineEnvironment.Named(SourceEnvironment);
            var scratch = PipelineEnvironment.Named(ScratchEnvironment);
            var packages = new LambdaPackageResolver(LambdaPackagePath == null ? null : GetUnresolvedProviderPathFromPSPath(LambdaPackagePath));
            var reportPath = GetUnresolvedProviderPathFromPSPath(ReportPath
                ?? $"rehearsal-{source.Name}-{TargetVersion}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.md");
            var request = new RehearsalRequest(source, scratch, TargetVersion, packages.For)
            {
                Anonymize = Anonymize,
                TestRestore = !SkipTestRestore,
                SnapshotIdentifier = SnapshotIdentifier,
                KeepScratch = KeepScratch,
                ReportPath = reportPath,
            };
            if (SnapshotIdentifier != null && SkipTestRestore)
            {
                throw new AuroraRestoreException(
                    "SnapshotWithoutTestRestore", FailureCategory.InvalidArgument, SnapshotIdentifier,
                    "-SnapshotIdentifier names the snapshot of the test restore, which -SkipTestRestore leaves out.",
                    "Leave out one of -SnapshotIdentifier and -SkipTestRestore.");
            }

            if (ConfigurationOverride != null)
            {
                foreach (DictionaryEntry entry in ConfigurationOverride)
                {
                    request.ConfigurationOverrides[entry.Key.ToString()!] = ConfigurationValues.ToJson(entry.Value);
                }
            }

            using var aws = new AwsClients(AwsContext);
            var engine = new RehearsalEngine(aws, AwsContext.Log, new RehearsalOptions { Clock = CmdletClock.Current() });
            var preparation = Run(token => engine.PrepareAsync(request, token));
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf");
            if (!(Force && !whatIf) && !ShouldProcess($"scratch environment '{scratch.Name}' in {AwsContext.Region} (the source '{source.Name}' is only read)", preparation.Describe()))
            {
                return;
            }

            var report = Run(token => engine.RunAsync(preparation, null, token));
            WriteObject(report);
            if (!report.Passed)
            {
                var first = report.Failures.First();
                ThrowTerminatingError(ToErrorRecord(new AuroraRestoreException(
                    RehearsalErrorIds.RehearsalFailed, FailureCategory.InvalidResult, source.Name,
                    $"The rehearsal of '{source.Name}' {report.FromVersion} -> {report.TargetVersion} failed at step {first.Name}{(first.ErrorId == null ? string.Empty : $" ({first.ErrorId})")}: {first.Error ?? first.Detail}",
                    $"Fix what the report names before upgrading '{source.Name}', then rehearse again. Report: {report.MarkdownPath}")));
            }
        }
    }
}
