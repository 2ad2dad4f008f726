using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Copies;
using AuroraRestore.Pipelines;
using AuroraRestore.Rollbacks;
using AuroraRestore.Upgrades;
using AuroraRestore.Verification;
using AuroraRestore.Versions;

namespace AuroraRestore.Rehearsals
{
    /// <summary>
    /// The migration guide's "Testing Upgrades" as one run (Invoke-RestoreUpgradeRehearsal): copy the source environment
    /// with its state into a scratch environment, upgrade the copy, verify it with a test restore, roll it back, verify it
    /// again, remove it, and report every step with its duration and every check. The source is only read. A failed step
    /// does not stop the rehearsal short of its cleanup: whatever the upgrade changed is rolled back, and the scratch
    /// environment is removed unless it was asked to be kept.
    /// </summary>
    public sealed class RehearsalEngine
    {
        public const string PreflightStep = "Preflight";
        public const string CloneStep = "Clone";
        public const string UpgradeStep = "Upgrade";
        public const string VerifyUpgradedStep = "Verify upgraded";
        public const string RollbackStep = "Rollback";
        public const string VerifyRolledBackStep = "Verify rolled back";
        public const string TeardownStep = "Teardown";

        /// <summary>The Write-Progress activity id of rehearsals.</summary>
        public const int ProgressActivityId = 90;

        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly RehearsalOptions options;

        public RehearsalEngine(AwsClients aws, IOperationLog log, RehearsalOptions? options = null)
        {
            this.aws = aws;
            this.log = log;
            this.options = options ?? new RehearsalOptions();
        }

        /// <summary>
        /// Everything checked, nothing changed: the source's pipeline and version, the path to the target, the scratch
        /// environment free, the copy's configuration valid (a scratch restore never targets the source's cluster), every
        /// Lambda package there.
        /// </summary>
        public async Task<RehearsalPreparation> PrepareAsync(RehearsalRequest request, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            if (request.Source.Name == request.Scratch.Name)
            {
                throw new AuroraRestoreException(
                    RehearsalErrorIds.RehearsalScratchIsSource, FailureCategory.InvalidArgument, request.Scratch.Name,
                    $"The scratch environment is the source '{request.Source.Name}' itself: the rehearsal would upgrade, roll back and remove it.",
                    $"Leave -ScratchEnvironment out (it defaults to {RehearsalRequest.DefaultScratchName}) or name an environment without a pipeline.");
            }

            var target = options.Catalog.Get(request.TargetVersion);
            var copy = new CopyRequest(request.Source, request.Scratch) { IncludeState = true, Anonymize = request.Anonymize };
            foreach (var pair in request.ConfigurationOverrides)
            {
                copy.ConfigurationOverrides[pair.Key] = pair.Value;
            }

            var copier = new PipelineCopier(aws, log, options.Catalog, clock: options.Clock);
            var from = await copier.SourceVersionAsync(copy, cancellationToken).ConfigureAwait(false);
            if (from.Version == target.Version)
            {
                throw new AuroraRestoreException(
                    RehearsalErrorIds.RehearsalNothingToUpgrade, FailureCategory.InvalidArgument, target.Version,
                    $"Environment '{request.Source.Name}' already runs {target.Version}: there is no upgrade to rehearse.",
                    "Pass a -TargetVersion above the deployed one (Get-RestorePipeline shows it).");
            }

            var hops = options.Catalog.Matrix.PathBetween(from.Version, target.Version);
            await EnsureScratchFreeAsync(request.Scratch, cancellationToken).ConfigureAwait(false);

            // The copy's restores must go to a cluster of its own: the source's target_cluster_id is refused by the copy.
            if (!copy.ConfigurationOverrides.ContainsKey("target_cluster_id") && await HasConfigurationAsync(request.Source, cancellationToken).ConfigureAwait(false))
            {
                copy.ConfigurationOverrides["target_cluster_id"] = JsonValue.Create(request.Scratch.Name + "-restored");
            }

            copy.LambdaPackagePath = request.LambdaPackageFor(from.Version);
            foreach (var hop in hops)
            {
                // The copy's install checks its own runtime; the upgrade's hops update the copy's functions onto theirs.
                var to = options.Catalog.Get(hop.To);
                foreach (var warning in LambdaRuntimeLifecycle.Require(
                    to.MainTemplateBody, $"{to.Version}/main.template.json", LambdaRuntimeChange.Update, options.Clock.GetUtcNow(),
                    $"Rehearsing the upgrade {hop} on '{request.Scratch.Name}'", LambdaRuntimeLifecycle.NewerModuleAction))
                {
                    log.Warning(warning);
                }

                var package = request.LambdaPackageFor(hop.To);
                if (!File.Exists(package))
                {
                    throw new AuroraRestoreException(
                        "LambdaPackageNotFound", FailureCategory.ObjectNotFound, package,
                        $"The Lambda package of {hop.To} ({package}) does not exist.",
                        "Pass -LambdaPackagePath with a folder holding aurora-restore-lambda-<version>.zip for every version of the path, or reinstall the module.");
                }
            }

            await copier.ValidateAsync(copy, cancellationToken).ConfigureAwait(false);
            if (request.ReportPath != null && Directory.Exists(request.ReportPath))
            {
                throw new AuroraRestoreException(
                    RehearsalErrorIds.RehearsalReportPathInvalid, FailureCategory.InvalidArgument, request.ReportPath,
                    $"-ReportPath {request.ReportPath} is a folder; the report is one Markdown file.",
                    "Pass a file path, for example ./rehearsal.md.");
            }

            var preparation = new RehearsalPreparation(request, from, target, hops, copy);
            var running = await CountInProgressAsync(request.Source.StateTableName, cancellationToken).ConfigureAwait(false);
            if (running > 0)
            {
                preparation.Notes.Add($"{running} restore(s) were in progress in '{request.Source.Name}': their records were copied as they were and migrated with the rest (the scratch copy runs none of them). The real upgrade waits for them to end (-DrainTimeout) or refuses to start.");
            }

            preparation.Duration = watch.Elapsed;
            return preparation;
        }

        /// <summary>Runs the rehearsal; <paramref name="onStep"/> hears of each step as it ends. Throws only when cancelled.</summary>
        public async Task<RehearsalReport> RunAsync(RehearsalPreparation preparation, Action<RehearsalStep>? onStep, CancellationToken cancellationToken)
        {
            var request = preparation.Request;
            var started = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            var steps = new List<RehearsalStep>();
            var checks = new List<RehearsalCheck>();
            var notes = new List<string>(preparation.Notes);
            var path = string.Join(" -> ", new[] { preparation.From.Version }.Concat(preparation.Hops.Select(h => h.To)));

            void Done(RehearsalStep step)
            {
                steps.Add(step);
                log.Verbose($"Rehearsal step {step.Index} {step.Name}: {step.Status} in {RehearsalMarkdown.Duration(step.Duration)}: {step.Error ?? step.Detail}");
                onStep?.Invoke(step);
            }

            Done(new RehearsalStep
            {
                Index = 1,
                Name = PreflightStep,
                Status = RehearsalStep.PassedStatus,
                StartedAt = started - preparation.Duration,
                Duration = preparation.Duration,
                Detail = $"'{request.Source.Name}' runs {preparation.From.Version}; path {path}; '{request.Scratch.Name}' is free; the copy's configuration and every Lambda package checked",
            });

            var clone = await StepAsync(2, CloneStep, 10, async step =>
            {
                var (state, audit) = await new PipelineCopier(aws, log, options.Catalog, clock: options.Clock).CopyAsync(preparation.Copy, cancellationToken).ConfigureAwait(false);
                return $"installed {preparation.From.Version} into '{request.Scratch.Name}' with the configuration of '{request.Source.Name}' and {state} state and {audit} audit items{(request.Anonymize ? ", anonymised" : string.Empty)}";
            }, null, cancellationToken).ConfigureAwait(false);
            Done(clone);

            UpgradeResult? upgraded = null;
            var upgradeSteps = new List<RehearsalSubStep>();
            var upgrade = clone.Status != RehearsalStep.PassedStatus ? Skipped(3, UpgradeStep, "the clone failed") : await StepAsync(3, UpgradeStep, 25, async step =>
            {
                using var services = UpgradeServices.From(aws, new BackupService(aws, log, options.Catalog), new RunnerStateMigrator(aws.DynamoDb, log), options.Clock);
                var engine = new UpgradeEngine(services, options.Upgrade);
                var upgradeRequest = new UpgradeRequest(request.Scratch, request.LambdaPackageFor)
                {
                    TargetVersion = preparation.To.Version,
                    OperationsAreCopies = true,
                };
                var prepared = await engine.PrepareAsync(upgradeRequest, cancellationToken).ConfigureAwait(false);
                upgraded = await engine.ExecuteAsync(prepared, s => upgradeSteps.Add(SubStep(s.Key, s.Hop, s.Status, s.Duration, s.Detail)), cancellationToken).ConfigureAwait(false);
                return $"{upgraded.FromVersion} -> {upgraded.ToVersion} {upgraded.Status} in {upgraded.Steps.Count} steps; new restores refused for {RehearsalMarkdown.Duration(upgraded.FreezeWindow)}; backup set {upgraded.BackupName}";
            }, upgradeSteps, cancellationToken).ConfigureAwait(false);
            Done(upgrade);

            var verify = upgrade.Status != RehearsalStep.PassedStatus ? Skipped(4, VerifyUpgradedStep, "the upgrade did not finish") : await StepAsync(4, VerifyUpgradedStep, 45, async step =>
            {
                var verifier = new PipelineVerifier(aws, log);
                var verification = new VerificationRequest(request.Scratch)
                {
                    ExpectedVersion = preparation.To.Version,
                    SampleRestore = request.TestRestore,
                    SnapshotIdentifier = request.SnapshotIdentifier,
                    SampleRestoreTimeout = request.TestRestoreTimeout,
                    Checks = CheckNames.All,
                };
                var target = await verifier.PrepareAsync(verification, cancellationToken).ConfigureAwait(false);
                var results = await verifier.VerifyAsync(verification, target, null, cancellationToken).ConfigureAwait(false);
                return Checks(VerifyUpgradedStep, preparation.To.Version, results, checks);
            }, null, cancellationToken).ConfigureAwait(false);
            Done(verify);

            // Whatever the upgrade changed is rolled back, even when it failed half-way (the rollback undoes the steps that started).
            var captured = new CapturingRollbackVerifier(new PipelineRollbackVerifier(aws, log));
            var rollbackSteps = new List<RehearsalSubStep>();
            var rollback = upgrade.Status == RehearsalStep.SkippedStatus ? Skipped(5, RollbackStep, "nothing was upgraded") : await StepAsync(5, RollbackStep, 65, async step =>
            {
                using var services = UpgradeServices.From(aws, new BackupService(aws, log, options.Catalog), new RunnerStateMigrator(aws.DynamoDb, log), options.Clock);
                var engine = new RollbackEngine(services, captured, options.Rollback);
                try
                {
                    var prepared = await engine.PrepareAsync(new RollbackRequest(request.Scratch) { ToVersion = preparation.From.Version, Method = RollbackMethod.ReverseMigration }, cancellationToken).ConfigureAwait(false);
                    var result = await engine.ExecuteAsync(prepared, s => rollbackSteps.Add(SubStep(s.Key, s.Hop, s.Status, s.Duration, s.Detail)), cancellationToken).ConfigureAwait(false);
                    return $"{result.FromVersion} -> {result.ToVersion} {result.Status} in {result.Steps.Count} steps ({result.Method}); new restores refused for {RehearsalMarkdown.Duration(result.FreezeWindow)}";
                }
                catch (AuroraRestoreException ex) when (ex.ErrorId == RollbackErrorIds.NothingToUndo)
                {
                    step.Status = RehearsalStep.SkippedStatus;
                    return "nothing to undo: the upgrade changed nothing before it failed";
                }
            }, rollbackSteps, cancellationToken).ConfigureAwait(false);
            Done(rollback);

            RehearsalStep verifyAgain;
            if (captured.Checks == null)
            {
                verifyAgain = Skipped(6, VerifyRolledBackStep, rollback.Status == RehearsalStep.FailedStatus ? "the rollback failed before its verification" : "no rollback ran");
            }
            else
            {
                var verifyDuration = rollbackSteps.LastOrDefault(s => s.Key.EndsWith("verify", StringComparison.Ordinal))?.Duration ?? TimeSpan.Zero;
                var failed = captured.Checks.Any(c => c.Outcome == CheckOutcome.Failed);
                verifyAgain = new RehearsalStep
                {
                    Index = 6,
                    Name = VerifyRolledBackStep,
                    Status = failed ? RehearsalStep.FailedStatus : RehearsalStep.PassedStatus,
                    Duration = verifyDuration,
                    Detail = Checks(VerifyRolledBackStep, captured.Version ?? preparation.From.Version, captured.Checks, checks),
                    ErrorId = failed ? RollbackErrorIds.RollbackVerificationFailed : null,
                };
            }

            Done(verifyAgain);

            var teardown = request.KeepScratch
                ? Skipped(7, TeardownStep, $"kept as asked: remove it with Remove-RestorePipeline -Environment {request.Scratch.Name}")
                : await StepAsync(7, TeardownStep, 90, async step =>
                {
                    var sets = await RemoveBackupSetsAsync(request.Scratch, cancellationToken).ConfigureAwait(false);
                    await new PipelineRemover(aws, log).RemoveAsync(request.Scratch, cancellationToken).ConfigureAwait(false);
                    return $"removed '{request.Scratch.Name}' (stacks, tables, alarms, configuration, control table) and {sets} backup set(s) of it";
                }, null, cancellationToken).ConfigureAwait(false);
            if (request.KeepScratch && upgraded?.BackupName != null)
            {
                notes.Add($"The scratch copy's backup set {upgraded.BackupName} ({upgraded.BackupLocation}) was kept with it.");
            }

            Done(teardown);
            log.Progress(new ProgressReport(ProgressActivityId, "Invoke-RestoreUpgradeRehearsal", "Done", 100, completed: true));

            var report = new RehearsalReport
            {
                SourceEnvironment = request.Source.Name,
                ScratchEnvironment = request.Scratch.Name,
                Region = aws.Context.Region,
                FromVersion = preparation.From.Version,
                TargetVersion = preparation.To.Version,
                StartedAt = started - preparation.Duration,
                Duration = watch.Elapsed + preparation.Duration,
                Steps = steps,
                Checks = checks,
                Notes = notes,
            };
            if (request.ReportPath != null)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(request.ReportPath));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                await File.WriteAllTextAsync(request.ReportPath, RehearsalMarkdown.Render(report), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                report.MarkdownPath = Path.GetFullPath(request.ReportPath);
            }

            return report;
        }

        /// <summary>
        /// Runs one step: its duration, its outcome, and its failure (id and message) instead of an exception, so the
        /// rehearsal can carry on to its rollback and cleanup. Cancellation still ends the rehearsal.
        /// </summary>
        private async Task<RehearsalStep> StepAsync(int index, string name, int percent, Func<RehearsalStep, Task<string>> work, List<RehearsalSubStep>? subSteps, CancellationToken cancellationToken)
        {
            log.Progress(new ProgressReport(ProgressActivityId, "Invoke-RestoreUpgradeRehearsal", name, percent));
            var step = new RehearsalStep { Index = index, Name = name, Status = RehearsalStep.PassedStatus, StartedAt = DateTimeOffset.UtcNow };
            var watch = Stopwatch.StartNew();
            try
            {
                step.Detail = await work(step).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                step.Status = RehearsalStep.FailedStatus;
                step.ErrorId = ErrorIdOf(ex);
                step.Error = ex.Message;
                log.Warning($"Rehearsal step {name} failed ({step.ErrorId}): {ex.Message}");
            }

            step.Duration = watch.Elapsed;
            if (subSteps != null)
            {
                step.SubSteps = subSteps.ToList();
            }

            return step;
        }

        private static RehearsalStep Skipped(int index, string name, string why)
            => new RehearsalStep { Index = index, Name = name, Status = RehearsalStep.SkippedStatus, Detail = why };

        private static RehearsalSubStep SubStep(string key, string? hop, string status, TimeSpan duration, string detail)
            => new RehearsalSubStep { Key = key, Hop = hop, Status = status, Duration = duration, Detail = detail };

        /// <summary>Adds the checks to the report; a failed one fails the step (its detail names them).</summary>
        private static string Checks(string step, string version, IReadOnlyList<PipelineCheck> results, List<RehearsalCheck> checks)
        {
            checks.AddRange(results.Select(c => new RehearsalCheck { Step = step, Version = version, Name = c.Name, Outcome = c.Outcome.ToString(), Detail = c.Detail, Fix = c.Fix }));
            var failed = results.Where(c => c.Outcome == CheckOutcome.Failed).Select(c => c.Name).ToList();
            var summary = $"{version}: " + string.Join(", ", results.Select(c => $"{c.Name} {c.Outcome}"));
            if (failed.Count > 0)
            {
                throw new AuroraRestoreException(
                    "PipelineVerificationFailed", FailureCategory.InvalidResult, step,
                    $"{summary}. Failed: {string.Join(", ", failed)}.",
                    "Read the checks' details and fixes in the report.");
            }

            return summary;
        }

        private static string ErrorIdOf(Exception ex)
            => ex switch
            {
                AuroraRestoreException known => known.ErrorId,
                AwsServiceException aws => "Aws" + aws.ErrorCode,
                AmazonServiceException sdk => "Aws" + (sdk.ErrorCode ?? "Unknown"),
                _ => ex.GetType().Name,
            };

        private async Task EnsureScratchFreeAsync(PipelineEnvironment scratch, CancellationToken cancellationToken)
        {
            foreach (var stack in new[] { scratch.MainStackName, scratch.IamStackName })
            {
                if (await aws.CloudFormation.DescribeStackAsync(stack, cancellationToken).ConfigureAwait(false) != null)
                {
                    throw new AuroraRestoreException(
                        RehearsalErrorIds.RehearsalScratchInUse, FailureCategory.ResourceExists, scratch.Name,
                        $"The scratch environment '{scratch.Name}' is in use: stack {stack} exists. A rehearsal copies into an environment of its own and removes it at the end.",
                        $"Pass another -ScratchEnvironment, or remove what is there with Remove-RestorePipeline -Environment {scratch.Name} if it is a rehearsal's leftover.");
                }
            }
        }

        private async Task<bool> HasConfigurationAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            try
            {
                await aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ParameterNotFoundException)
            {
                return false;
            }
        }

        /// <summary>The guide's check (completed = false), counted: the real upgrade's drain will meet these.</summary>
        private async Task<int> CountInProgressAsync(string table, CancellationToken cancellationToken)
        {
            var count = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await aws.DynamoDb.ScanAsync(new ScanRequest
                {
                    TableName = table,
                    Select = Amazon.DynamoDBv2.Select.COUNT,
                    FilterExpression = "completed = :false",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":false"] = new AttributeValue { BOOL = false } },
                    ExclusiveStartKey = start,
                }, cancellationToken).ConfigureAwait(false);
                count += page.Count ?? 0;
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);

            return count;
        }

        /// <summary>Deletes every backup set of the scratch environment in the artifact bucket: its table backups and its files.</summary>
        private async Task<int> RemoveBackupSetsAsync(PipelineEnvironment scratch, CancellationToken cancellationToken)
        {
            var service = new BackupService(aws, log, options.Catalog);
            var location = await service.DefaultLocationAsync(cancellationToken).ConfigureAwait(false);
            var sets = await service.ListAsync(scratch, location, cancellationToken).ConfigureAwait(false);
            foreach (var set in sets)
            {
                foreach (var table in set.Tables.Where(t => !string.IsNullOrEmpty(t.BackupArn)))
                {
                    try
                    {
                        await aws.DynamoDb.DeleteBackupAsync(new DeleteBackupRequest { BackupArn = table.BackupArn }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (BackupNotFoundException)
                    {
                        log.Verbose($"Table backup {table.BackupArn} is already gone");
                    }
                }

                var prefix = $"{location.Prefix}{scratch.Name}/{set.Name}/";
                string? token = null;
                do
                {
                    var page = await aws.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = location.Bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
                    foreach (var item in page.S3Objects ?? new List<S3Object>())
                    {
                        await aws.S3.DeleteObjectAsync(location.Bucket, item.Key, cancellationToken).ConfigureAwait(false);
                    }

                    token = page.IsTruncated == true ? page.NextContinuationToken : null;
                }
                while (token != null);
            }

            return sets.Count;
        }
    }
}
