using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades.Steps;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Runs an upgrade plan: checks everything before the first change (<see cref="PrepareAsync"/>), then takes the
    /// environment's lock and applies the plan step by step, journaling each step's start (with what undoing it needs)
    /// and end. A run killed at any point is finished by running the same command again: the unfinished run is found in
    /// the run pointer, completed steps are skipped, the interrupted one runs again. A failed step stops the run and keeps
    /// the lock with the failure recorded; Ctrl+C stops at the next step boundary.
    /// </summary>
    public sealed class UpgradeEngine
    {
        /// <summary>The Write-Progress activity id of upgrades.</summary>
        public const int ProgressActivityId = 70;

        private readonly UpgradeServices services;
        private readonly UpgradeOptions options;
        private readonly IReadOnlyDictionary<string, UpgradeStep> steps;

        public UpgradeEngine(UpgradeServices services, UpgradeOptions? options = null)
        {
            this.services = services;
            this.options = options ?? new UpgradeOptions();
            steps = new UpgradeStep[]
            {
                new PreflightStep(), new BackupStep(), new StackStep(iam: true), new StackStep(iam: false), new LambdaPackageStep(),
                new FreezeIntakeStep(), new PublishVersionsStep(), new ConfigurationStep(), new LiveAliasesStep(), new ThawIntakeStep(),
                new TableSchemaStep(), new AlarmsStep(), new StateMigrationStep(), new VerifyStep(),
            }.ToDictionary(s => s.Name, StringComparer.Ordinal);
        }

        /// <summary>
        /// Everything checked, nothing changed: the plan (new, from -Plan, or the unfinished run's), the Lambda packages,
        /// the stacks' states, the caller's permissions and -BackupName. Every refusal throws with its own error id.
        /// </summary>
        public async Task<UpgradePreparation> PrepareAsync(UpgradeRequest request, CancellationToken cancellationToken)
        {
            var env = request.Environment;
            var control = new ControlTable(services.DynamoDb, env.ControlTableName);
            var existing = await TableExistsAsync(env.ControlTableName, cancellationToken).ConfigureAwait(false)
                ? await UpgradeRun.ReadAsync(control, cancellationToken).ConfigureAwait(false)
                : null;
            if (existing != null && existing.Status == UpgradeRun.RollingBack)
            {
                // A half-done rollback leaves the environment between versions: only the rollback may go on.
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradeRunUnfinished, FailureCategory.InvalidOperation, existing.RunId,
                    $"Environment '{env.Name}' is being rolled back: {existing} to {existing.RollbackTo}; an upgrade cannot start on a half-rolled-back pipeline.",
                    $"Finish the rollback first (Undo-RestoreUpgrade -Environment {env.Name}), then upgrade.");
            }

            var resumed = existing != null && existing.IsUnfinished ? existing : null;
            UpgradePlan plan;
            IReadOnlyList<JournalEntry> journal = Array.Empty<JournalEntry>();
            if (resumed != null)
            {
                plan = UpgradePlanFile.FromJson(resumed.PlanJson, $"the plan of run {resumed.RunId}");
                RequireSameRun(request, resumed, plan, env);
                journal = await new UpgradeJournal(control, resumed.RunId, services.Clock).ReadAsync(cancellationToken).ConfigureAwait(false);
                services.Log.Verbose($"Resuming {resumed}: {journal.Count(e => e.Status == JournalEntry.Completed)} of {plan.Steps.Count} steps done");
            }
            else
            {
                plan = await NewPlanAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var location = request.BackupLocation ?? BackupLocation.S3(PipelineEnvironment.ArtifactBucketName(plan.Account, services.Region));
            if (plan.IsEmpty)
            {
                return new UpgradePreparation(request, plan, null, journal, null, string.Empty, null, location);
            }

            RequirePackages(request, plan, journal);
            var preflight = new Preflight(services, options);
            foreach (var hop in plan.Hops.Where(h => !journal.Any(e => e.Hop == h.ToString() && e.Name == UpgradeStepNames.MainStack && e.Status == JournalEntry.Completed)))
            {
                var to = options.Catalog.Get(hop.To);
                preflight.CheckLambdaRuntime(to.MainTemplateBody, $"{to.Version}/main.template.json", $"Upgrading '{env.Name}' {hop}", LambdaRuntimeLifecycle.NewerModuleAction);
            }

            var stacks = await preflight.CheckStacksAsync(env, resumed != null, cancellationToken).ConfigureAwait(false);
            var permissions = await preflight.CheckPermissionsAsync(env, options.Catalog.Get(plan.ToVersion), cancellationToken).ConfigureAwait(false);
            RestoreStateBackup? backup = null;
            var backupDone = journal.Any(e => e.Name == UpgradeStepNames.Backup && e.Status == JournalEntry.Completed);
            if (request.BackupName != null && !backupDone)
            {
                backup = await services.Backups.OpenAsync(env, request.BackupName, location, cancellationToken).ConfigureAwait(false);
                var verification = await services.Backups.VerifyAsync(backup, cancellationToken).ConfigureAwait(false);
                if (!verification.Passed)
                {
                    var failed = verification.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}{(c.ErrorId == null ? string.Empty : " (" + c.ErrorId + ")")}").ToList();
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.BackupNotVerified, FailureCategory.InvalidData, request.BackupName,
                        $"The backup set {request.BackupName} at {location} did not pass verification: {(failed.Count == 0 ? "it has no checks" : string.Join("; ", failed))}.",
                        "Take a new backup (leave out -BackupName, or run Backup-RestoreState and Test-RestoreStateBackup), then upgrade with it.");
                }
            }
            else if (!backupDone)
            {
                // The run takes its own set: a location that cannot hold one (a bucket that does not exist, say) is refused
                // now, before the lock, the journal and the intake freeze, not by the backup step half-way into the run.
                await services.Backups.ValidateCreateAsync(env, $"pre-upgrade-{NewRunId(services.Clock.GetUtcNow())}", location, cancellationToken).ConfigureAwait(false);
            }

            return new UpgradePreparation(request, plan, resumed, journal, permissions, stacks, backup, location);
        }

        /// <summary>Applies a prepared plan; emits each step's result through <paramref name="onStep"/> as it ends.</summary>
        public async Task<UpgradeResult> ExecuteAsync(UpgradePreparation preparation, Action<UpgradeStepResult>? onStep, CancellationToken cancellationToken)
        {
            var plan = preparation.Plan;
            var env = preparation.Request.Environment;
            if (plan.IsEmpty)
            {
                services.Log.Verbose($"Environment '{env.Name}' already runs {plan.ToVersion}: nothing to do");
                var now = services.Clock.GetUtcNow();
                return new UpgradeResult { Environment = env.Name, FromVersion = plan.FromVersion, ToVersion = plan.ToVersion, Status = UpgradeResult.UpToDateStatus, StartedAt = now, EndedAt = now };
            }

            await ControlTable.EnsureExistsAsync(services.DynamoDb, env.ControlTableName, cancellationToken).ConfigureAwait(false);
            var control = new ControlTable(services.DynamoDb, env.ControlTableName);
            var runId = preparation.ResumedRun?.RunId ?? NewRunId(services.Clock.GetUtcNow());
            var owner = options.Owner ?? LockOwner.Current();
            var upgradeLock = await UpgradeLock.AcquireAsync(control, env.Name, runId, owner, "upgrade", options.LockLease, services.Log, services.Clock, cancellationToken).ConfigureAwait(false);
            try
            {
                string? drain = null;
                UpgradeRun run;
                try
                {
                    if (preparation.ResumedRun == null)
                    {
                        drain = preparation.Request.OperationsAreCopies
                            ? "not drained: a rehearsal's scratch copy, whose restores in progress were copied from another environment"
                            : await new Preflight(services, options).DrainAsync(env, preparation.Request.DrainTimeout, cancellationToken).ConfigureAwait(false);
                        run = new UpgradeRun
                        {
                            RunId = runId,
                            From = plan.FromVersion,
                            To = plan.ToVersion,
                            StartedAt = services.Clock.GetUtcNow(),
                            PlanId = plan.PlanId,
                            PlanJson = UpgradePlanFile.ToJson(plan),
                        };
                    }
                    else
                    {
                        run = preparation.ResumedRun;
                        run.Status = UpgradeRun.Running;
                        run.Failure = null;
                    }
                }
                catch
                {
                    // Nothing has changed yet (no run, no journal): give the lock back.
                    await upgradeLock.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                await run.SaveAsync(control, cancellationToken).ConfigureAwait(false);
                upgradeLock.StartHeartbeat(options.HeartbeatInterval ?? TimeSpan.FromTicks(options.LockLease.Ticks / 3));
                var journal = new UpgradeJournal(control, runId, services.Clock);
                var account = plan.Account.Length > 0 ? plan.Account : (await services.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Account;
                var context = new UpgradeStepContext(services, options, preparation, control, journal, run, preparation.Journal, account) { DrainSummary = drain };
                return await RunStepsAsync(context, upgradeLock, onStep, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await upgradeLock.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>PrepareAsync, then ExecuteAsync.</summary>
        public async Task<UpgradeResult> RunAsync(UpgradeRequest request, Action<UpgradeStepResult>? onStep, CancellationToken cancellationToken)
            => await ExecuteAsync(await PrepareAsync(request, cancellationToken).ConfigureAwait(false), onStep, cancellationToken).ConfigureAwait(false);

        private async Task<UpgradeResult> RunStepsAsync(UpgradeStepContext context, UpgradeLock upgradeLock, Action<UpgradeStepResult>? onStep, CancellationToken cancellationToken)
        {
            var plan = context.Plan;
            var hops = plan.Hops.ToDictionary(h => h.ToString(), StringComparer.Ordinal);
            var results = new List<UpgradeStepResult>();
            var freezeAsserted = false;
            foreach (var step in plan.Steps)
            {
                var earlier = context.Entry(step.Key);
                if (earlier != null && earlier.Status == JournalEntry.Completed)
                {
                    var done = ToResult(context, earlier, UpgradeStepResult.AlreadyDoneStatus);
                    results.Add(done);
                    onStep?.Invoke(done);
                    continue;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    var stopped = $"stopped by the user before step {step.Key}";
                    await StopAsync(context, upgradeLock, stopped).ConfigureAwait(false);
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.UpgradeStopped, FailureCategory.OperationStopped, step.Key,
                        $"Upgrade run {context.RunId} ({plan.Path}) was {stopped}; every step before it is complete and journaled.",
                        Resume(context));
                }

                if (upgradeLock.Lost)
                {
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.UpgradeLockLost, FailureCategory.ResourceBusy, step.Key,
                        $"Another runner took over the upgrade lock of run {context.RunId} before step {step.Key} (this runner's lease had expired); this runner stops without writing anything more.",
                        "Let the other runner finish; Get-RestorePipeline shows the version.");
                }

                if (step.InFreezeWindow && step.Name != UpgradeStepNames.FreezeIntake && !freezeAsserted && context.Entries.Any(e => e.Status == JournalEntry.Completed && e.Name == UpgradeStepNames.FreezeIntake && e.Hop == step.Hop))
                {
                    // Resumed inside the switch-over: the freeze's safety expiry may have passed while no runner ran.
                    var until = context.Now + options.FreezeSafetyExpiry;
                    await new IntakeFreezeGate(context.Control, context.Log).SetAsync(until, $"the pipeline is being upgraded {step.Hop} (run {context.RunId}) and its stacks are switching over", context.RunId, CancellationToken.None).ConfigureAwait(false);
                }

                freezeAsserted = true;
                var hop = step.Hop == null ? null : hops[step.Hop];
                context.Log.Progress(new ProgressReport(ProgressActivityId, $"Upgrading '{context.Environment.Name}' {plan.Path}", $"{step.Key}{(step.Hop == null ? string.Empty : " [" + step.Hop + "]")}: {step.Description}", step.Index * 100 / plan.Steps.Count));
                var entry = await context.Journal.StartAsync(step, earlier, CancellationToken.None).ConfigureAwait(false);
                context.Record(entry);
                string detail;
                try
                {
                    // Steps are not cancelled half-way: Ctrl+C takes effect at the next boundary, leaving the journal consistent.
                    detail = await steps[step.Name].RunAsync(context, hop, entry, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    var message = FailureText.Of(ex);
                    await FailAsync(context, upgradeLock, entry, $"step {step.Key} failed: {message}").ConfigureAwait(false);
                    var failed = ToResult(context, entry, UpgradeStepResult.FailedStatus);
                    results.Add(failed);
                    onStep?.Invoke(failed);
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.UpgradeStepFailed, (ex as AuroraRestoreException)?.Category ?? FailureCategory.InvalidResult, step.Key,
                        $"Step {step.Key}{(step.Hop == null ? string.Empty : " [" + step.Hop + "]")} of upgrade run {context.RunId} ({plan.Path}) failed: {message} "
                        + $"The lock stays with the failure recorded{(step.InFreezeWindow ? "; intake stays frozen until the run resumes or the freeze expires" : string.Empty)}.",
                        Resume(context),
                        ex);
                }

                entry = await context.Journal.CompleteAsync(entry, detail, CancellationToken.None).ConfigureAwait(false);
                context.Record(entry);
                var result = ToResult(context, entry, UpgradeStepResult.CompletedStatus);
                results.Add(result);
                onStep?.Invoke(result);
                if (options.AbandonAfterStep?.Invoke(step.Key) == true)
                {
                    // Test hook: behave like a process killed right here (no lock release, no run status, no heartbeat).
                    await upgradeLock.StopHeartbeatAsync().ConfigureAwait(false);
                    return Summarize(context, results, UpgradeResult.AbandonedStatus);
                }
            }

            context.Run.Status = UpgradeRun.Completed;
            context.Run.EndedAt = context.Now;
            await context.Run.SaveAsync(context.Control, CancellationToken.None).ConfigureAwait(false);
            await upgradeLock.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            context.Log.Progress(new ProgressReport(ProgressActivityId, $"Upgrading '{context.Environment.Name}' {plan.Path}", "Done", 100, completed: true));
            return Summarize(context, results, UpgradeResult.CompletedStatus);
        }

        private static async Task FailAsync(UpgradeStepContext context, UpgradeLock upgradeLock, JournalEntry entry, string failure)
        {
            // Best effort, each on its own: what cannot be written is recovered by the lease's expiry and the journal.
            try
            {
                await context.Journal.FailAsync(entry, failure, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                context.Log.Warning($"The journal could not record the failure: {ex.Message}");
            }

            await StopAsync(context, upgradeLock, failure).ConfigureAwait(false);
        }

        private static async Task StopAsync(UpgradeStepContext context, UpgradeLock upgradeLock, string failure)
        {
            try
            {
                context.Run.Status = UpgradeRun.Failed;
                context.Run.Failure = failure;
                await context.Run.SaveAsync(context.Control, CancellationToken.None).ConfigureAwait(false);
                await upgradeLock.RecordFailureAsync(failure, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                context.Log.Warning($"The run's failure could not be recorded ({ex.Message}); its lock expires with its lease.");
            }
        }

        private static string Resume(UpgradeStepContext context)
            => $"Fix the cause, then run the same command again (Invoke-RestoreUpgrade -Environment {context.Environment.Name} -TargetVersion {context.Plan.ToVersion}): run {context.RunId} resumes at this step. "
               + $"Or roll back with Undo-RestoreUpgrade -Environment {context.Environment.Name} (backup set {context.Run.BackupName ?? "of the run"}).";

        private static UpgradeStepResult ToResult(UpgradeStepContext context, JournalEntry entry, string status) => new UpgradeStepResult
        {
            RunId = context.RunId,
            Environment = context.Environment.Name,
            Index = entry.Index,
            Key = entry.Key,
            Name = entry.Name,
            Hop = entry.Hop,
            Status = status,
            StartedAt = entry.StartedAt,
            EndedAt = entry.EndedAt,
            Attempts = entry.Attempts,
            Detail = entry.Detail ?? entry.Error ?? string.Empty,
        };

        private static UpgradeResult Summarize(UpgradeStepContext context, IReadOnlyList<UpgradeStepResult> results, string status)
        {
            var entries = context.Entries.ToList();
            var windows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            foreach (var hop in context.Plan.Hops.Select(h => h.ToString()))
            {
                var frozen = entries.FirstOrDefault(e => e.Hop == hop && e.Name == UpgradeStepNames.FreezeIntake)?.StartedAt;
                var thawed = entries.FirstOrDefault(e => e.Hop == hop && e.Name == UpgradeStepNames.ThawIntake && e.Status == JournalEntry.Completed)?.EndedAt;
                if (frozen.HasValue && thawed.HasValue)
                {
                    windows[hop] = thawed.Value - frozen.Value;
                }
            }

            var migrations = entries.Where(e => e.Name == UpgradeStepNames.StateMigration && e.Status == JournalEntry.Completed).OrderBy(e => e.Index).ToList();
            var tables = new List<UpgradeTableReport>();
            if (migrations.Count > 0)
            {
                foreach (var prefix in new[] { "state", "audit" })
                {
                    var before = migrations[0].GetString(prefix + "_checksum_before") ?? string.Empty;
                    var after = migrations[migrations.Count - 1].GetString(prefix + "_checksum_after") ?? string.Empty;
                    tables.Add(new UpgradeTableReport
                    {
                        TableName = migrations[0].GetString(prefix + "_table") ?? prefix,
                        ChecksumBefore = before,
                        ChecksumAfter = after,
                        ItemsBefore = CountOf(before),
                        ItemsAfter = CountOf(after),
                    });
                }
            }

            return new UpgradeResult
            {
                RunId = context.RunId,
                Environment = context.Environment.Name,
                FromVersion = context.Plan.FromVersion,
                ToVersion = context.Plan.ToVersion,
                Status = status,
                Resumed = context.Preparation.Resumes,
                StartedAt = context.Run.StartedAt,
                EndedAt = context.Now,
                Steps = results,
                FreezeWindows = windows,
                FreezeWindow = windows.Values.Aggregate(TimeSpan.Zero, (sum, w) => sum + w),
                BackupName = context.Run.BackupName,
                BackupLocation = context.Run.BackupLocation,
                Tables = tables,
            };
        }

        private static long CountOf(string checksum)
            => long.TryParse(checksum.Split(':')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;

        private async Task<UpgradePlan> NewPlanAsync(UpgradeRequest request, CancellationToken cancellationToken)
        {
            var env = request.Environment;
            var planner = new UpgradePlanner(services, options);
            if (request.Plan == null)
            {
                return await planner.PlanAsync(env, request.TargetVersion ?? throw new ArgumentException("A target version or a plan is required.", nameof(request)), request.AllowMultiHop, false, request.LambdaPackageFor, cancellationToken).ConfigureAwait(false);
            }

            var given = request.Plan;
            if (given.Environment != env.Name || given.Region != services.Region)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradePlanEnvironmentMismatch, FailureCategory.InvalidArgument, $"{given.Environment} ({given.Region})",
                    $"The plan is for environment '{given.Environment}' in {given.Region}, not '{env.Name}' in {services.Region}.",
                    $"Apply it with -Environment {given.Environment} -Region {given.Region}, or make a plan for this environment with Get-RestoreUpgradePlan.");
            }

            var current = await planner.FingerprintAsync(env, cancellationToken).ConfigureAwait(false);
            var drift = given.Fingerprint.DifferencesFrom(current);
            if (drift.Count > 0)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradePlanStale, FailureCategory.InvalidOperation, given.PlanId,
                    $"Environment '{env.Name}' changed since the plan was made ({given.CreatedAt:u}): {string.Join("; ", drift)}.",
                    "Make a new plan with Get-RestoreUpgradePlan -OutFile, review it, and apply that one.");
            }

            var fresh = await planner.PlanAsync(env, given.ToVersion, given.AllowMultiHop, false, request.LambdaPackageFor, cancellationToken).ConfigureAwait(false);
            if (!fresh.Steps.Select(s => s.Key + "@" + s.Hop).SequenceEqual(given.Steps.Select(s => s.Key + "@" + s.Hop)))
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradePlanInvalid, FailureCategory.InvalidData, given.PlanId,
                    $"The plan's steps ({string.Join(", ", given.Steps.Select(s => s.Key))}) are not the steps this module takes from {given.FromVersion} to {given.ToVersion} ({string.Join(", ", fresh.Steps.Select(s => s.Key))}).",
                    "Make the plan with the same module version that applies it (Get-RestoreUpgradePlan -OutFile).");
            }

            return given;
        }

        private void RequireSameRun(UpgradeRequest request, UpgradeRun run, UpgradePlan plan, PipelineEnvironment env)
        {
            var asked = request.Plan != null ? request.Plan.ToVersion : request.TargetVersion;
            var resolved = asked == null ? null : options.Catalog.TryGet(asked, out var definition) ? definition.Version : asked;
            var samePlan = request.Plan == null || request.Plan.PlanId == run.PlanId;
            if (resolved != plan.ToVersion || !samePlan)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradeRunUnfinished, FailureCategory.InvalidOperation, run.RunId,
                    $"Environment '{env.Name}' has an unfinished upgrade, {run}{(run.Failure == null ? string.Empty : " (" + run.Failure + ")")}; this command asks for {(request.Plan != null ? "plan " + request.Plan.PlanId : resolved ?? "(nothing)")}.",
                    $"Finish it first (Invoke-RestoreUpgrade -Environment {env.Name} -TargetVersion {plan.ToVersion}) or roll it back (Undo-RestoreUpgrade -Environment {env.Name}).");
            }
        }

        private static void RequirePackages(UpgradeRequest request, UpgradePlan plan, IReadOnlyList<JournalEntry> journal)
        {
            foreach (var hop in plan.Hops)
            {
                if (journal.Any(e => e.Hop == hop.ToString() && e.Name == UpgradeStepNames.LambdaPackage && e.Status == JournalEntry.Completed))
                {
                    continue;
                }

                var path = request.LambdaPackageFor(hop.To);
                if (!File.Exists(path))
                {
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.LambdaPackageNotFound, FailureCategory.ObjectNotFound, path,
                        $"The Lambda package for {hop.To} ({path}) does not exist.",
                        $"Pass -LambdaPackagePath with the zip built for {hop.To} (or a folder holding aurora-restore-lambda-<version>.zip per version), or reinstall the module, which ships one per version under lambda/.");
                }
            }
        }

        private async Task<bool> TableExistsAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                await services.DynamoDb.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ResourceNotFoundException)
            {
                return false;
            }
        }

        private static string NewRunId(DateTimeOffset now)
            => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
    }
}
