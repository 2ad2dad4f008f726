using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Pipelines;
using AuroraRestore.Rollbacks.Steps;
using AuroraRestore.State;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// Undoes an upgrade run from its journal (docs/rollback.md): checks everything before the first change
    /// (<see cref="PrepareAsync"/>), then takes the environment's upgrade lock (operation <c>rollback</c>), marks the run
    /// <c>rolling_back</c> and applies the plan step by step, journaling each step in its own partition. Whether the
    /// upgrade finished, failed or was killed, only the steps that started are undone, newest hop first. A rollback killed
    /// at any point is finished by running the same command again; at the end the run is <c>rolled_back</c> (or, after
    /// undoing only its last hop(s), a completed run to the version it went back to), intake is open and the lock released.
    /// </summary>
    public sealed class RollbackEngine
    {
        /// <summary>The Write-Progress activity id of rollbacks.</summary>
        public const int ProgressActivityId = 75;

        private const int OperationsNamed = 50;

        private readonly UpgradeServices services;
        private readonly IRollbackVerifier verifier;
        private readonly RollbackOptions options;

        public RollbackEngine(UpgradeServices services, IRollbackVerifier verifier, RollbackOptions? options = null)
        {
            this.services = services;
            this.verifier = verifier;
            this.options = options ?? new RollbackOptions();
        }

        /// <summary>
        /// Everything checked, nothing changed: the run to undo, the target and method, the lock, the stacks, the caller's
        /// permissions, the backup set (opened and verified for FromBackup, with the operations it would lose), and that
        /// the environment is still what the upgrade left. Every refusal throws with its own error id.
        /// </summary>
        public async Task<RollbackPreparation> PrepareAsync(RollbackRequest request, CancellationToken cancellationToken)
        {
            var env = request.Environment;
            if (!await TableExistsAsync(env.ControlTableName, cancellationToken).ConfigureAwait(false))
            {
                throw NothingToUndo(env, $"environment '{env.Name}' has no control table: no upgrade ever ran there.");
            }

            var control = new ControlTable(services.DynamoDb, env.ControlTableName);
            var run = await UpgradeRun.ReadAsync(control, cancellationToken).ConfigureAwait(false)
                ?? throw NothingToUndo(env, $"no upgrade ever ran in environment '{env.Name}'.");
            if (run.Status == UpgradeRun.RolledBack)
            {
                throw NothingToUndo(env, $"the last upgrade of environment '{env.Name}', run {run.RunId} ({run.From} -> {run.RolledBackFrom ?? run.To}), was already rolled back to {run.RollbackTo ?? run.From}{(run.RollbackEndedAt.HasValue ? " at " + IsoTime.FormatSeconds(run.RollbackEndedAt.Value) : string.Empty)}.");
            }

            var runPlan = UpgradePlanFile.FromJson(run.PlanJson, $"the plan of run {run.RunId}");
            var hops = runPlan.Hops.Where(h => PipelineVersionSpelling.Parse(h.To) <= PipelineVersionSpelling.Parse(run.To)).ToList();
            var resumes = run.Status == UpgradeRun.RollingBack;
            var journal = await new UpgradeJournal(control, run.RunId, services.Clock).ReadAsync(cancellationToken).ConfigureAwait(false);
            var (target, method) = resumes ? ResumedTarget(request, run) : NewTarget(request, run, runPlan, hops, journal);

            // A live runner (an upgrade still running, or another rollback) holds the lock: refuse before reading more.
            var held = await UpgradeLock.ReadAsync(control, cancellationToken).ConfigureAwait(false);
            if (held != null && !held.Assess(services.Clock.GetUtcNow()).CanTakeOver)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.UpgradeInProgress, FailureCategory.ResourceBusy, held.Owner,
                    $"Environment '{env.Name}' is locked by {(held.Operation == "upgrade" ? "an upgrade" : "a " + held.Operation)} in progress: {held}.",
                    $"Wait for that run to end (or stop it), then roll back. If its runner died on another machine, run the command again after {IsoTime.FormatSeconds(held.ExpiresAt)}, when its lease expires.");
            }

            var rollbackJournal = resumes
                ? await new RollbackJournal(control, run.RunId, target, services.Clock).ReadAsync(cancellationToken).ConfigureAwait(false)
                : Array.Empty<JournalEntry>();
            var undo = hops.Where(h => PipelineVersionSpelling.Parse(h.From) >= PipelineVersionSpelling.Parse(target)).Reverse().ToList();
            var plan = new RollbackPlan
            {
                Environment = env.Name,
                Region = services.Region,
                RunId = run.RunId,
                RunFrom = run.From,
                RunTo = run.To,
                RunStatus = resumes ? run.StatusBeforeRollback ?? run.Status : run.Status,
                ToVersion = target,
                Method = method,
                Hops = undo,
                Steps = RollbackPlanner.Steps(undo, journal, target == run.From, method),
            };

            var preflight = new Preflight(services, new UpgradeOptions { Catalog = options.Catalog });
            CheckRuntimesPutBack(preflight, env, plan, journal, rollbackJournal);
            await preflight.CheckStacksAsync(env, resuming: true, cancellationToken).ConfigureAwait(false);
            var preparation = new RollbackPreparation(request, run, journal, plan, resumes, rollbackJournal)
            {
                Permissions = await preflight.CheckPermissionsAsync(env, options.Catalog.Get(run.To), cancellationToken).ConfigureAwait(false),
            };
            if (!resumes)
            {
                // Hops an earlier rollback of the run already undid are not what the environment holds any more.
                var standing = journal.Where(e => e.Hop == null || hops.Any(h => h.ToString() == e.Hop)).ToList();
                var differences = await new EnvironmentDrift(services, options.Catalog).FindAsync(env, standing, cancellationToken).ConfigureAwait(false);
                if (differences.Count > 0)
                {
                    throw new AuroraRestoreException(
                        RollbackErrorIds.EnvironmentChangedSinceUpgrade, FailureCategory.InvalidOperation, env.Name,
                        $"Environment '{env.Name}' changed outside the module since upgrade run {run.RunId}: {string.Join("; ", differences)}. Undoing the run from its journal would overwrite those changes.",
                        "Put back what is named as the upgrade left it (or find out who changed it and why), then run Undo-RestoreUpgrade again; or restore the environment from the run's backup set by hand (Restore-RestoreState, Install-RestorePipeline).");
                }
            }

            // After the cheap checks: for FromBackup this verifies the set and compares it with the live state table.
            await OpenBackupAsync(preparation, cancellationToken).ConfigureAwait(false);

            var inProgress = await InProgressAsync(env.StateTableName, cancellationToken).ConfigureAwait(false);
            preparation.OperationsInProgress = inProgress;
            var notes = new List<string>();
            if (inProgress.Count > 0)
            {
                var line = $"{inProgress.Count} restore(s) in progress carry on with the older code after the switch-back: {Name(inProgress, inProgress.Count)}";
                services.Log.Warning(line + ".");
                notes.Add(line);
            }

            if (method == RollbackMethod.FromBackup && preparation.OperationsCreatedSinceBackupCount > 0)
            {
                notes.Add($"restoring backup set {preparation.Backup!.Name} removes {preparation.OperationsCreatedSinceBackupCount} operation(s) created since it was taken: {Name(preparation.OperationsCreatedSinceBackup, preparation.OperationsCreatedSinceBackupCount)}");
            }

            plan.Notes = notes;
            return preparation;
        }

        /// <summary>
        /// Putting a main stack back moves the functions onto the runtime of the template it ran before the upgrade. When AWS
        /// no longer lets functions be updated onto that runtime (an upgrade that moved them off dotnet8, undone after
        /// dotnet8's update-block date), the rollback is refused here, before any change, instead of failing at that stack
        /// update with the aliases already switched back; the error names how far back it can still go (docs/rollback.md).
        /// </summary>
        private void CheckRuntimesPutBack(Preflight preflight, PipelineEnvironment env, RollbackPlan plan, IReadOnlyList<JournalEntry> journal, IReadOnlyList<JournalEntry> rollbackJournal)
        {
            string? reachable = null;
            foreach (var step in plan.Steps.Where(s => s.Name == RollbackStepNames.Undo(UpgradeStepNames.MainStack) && s.UpgradeHop != null))
            {
                var hop = step.UpgradeHop!;
                var undone = journal.FirstOrDefault(e => e.Key == step.Undoes);
                var sha = undone?.GetString("previous_template_sha256");
                if (sha == null || rollbackJournal.Any(e => e.Key == step.Key && e.Status == JournalEntry.Completed))
                {
                    // Nothing to put back (the upgrade step never recorded the stack), or put back already by this rollback.
                    continue;
                }

                var body = new[] { undone!.GetString("previous_template_body"), options.Catalog.TryGet(undone.GetString("previous_template_version"), out var known) ? known.MainTemplateBody : null }
                    .FirstOrDefault(b => b != null && string.Equals(UpgradePlanFile.Sha256(b), sha, StringComparison.OrdinalIgnoreCase));
                if (body == null)
                {
                    services.Log.Verbose($"The {hop.From} template of {env.MainStackName} is kept only in the backup set: its Lambda runtime is checked by the stack update itself");
                    continue;
                }

                var further = reachable == null
                    ? string.Empty
                    : $"Undo-RestoreUpgrade -Environment {env.Name} -ToVersion {reachable} still goes back to {reachable}, whose templates run on a runtime AWS accepts. ";
                preflight.CheckLambdaRuntime(
                    body, $"{env.MainStackName} as of {hop.From} (upgrade journal {step.Undoes})", $"Rolling '{env.Name}' back {hop.To} -> {hop.From}",
                    $"The upgrade moved the functions off that runtime and AWS does not let them go back onto it. {further}Keep {reachable ?? hop.To} (finish the run with Invoke-RestoreUpgrade -Environment {env.Name} if it stopped half-way); docs/rollback.md explains.");
                reachable = hop.From;
            }
        }

        /// <summary>Applies a prepared rollback; emits each step's result through <paramref name="onStep"/> as it ends.</summary>
        public async Task<RollbackResult> ExecuteAsync(RollbackPreparation preparation, Action<RollbackStepResult>? onStep, CancellationToken cancellationToken)
        {
            var env = preparation.Request.Environment;
            var control = new ControlTable(services.DynamoDb, env.ControlTableName);
            var run = preparation.Run;
            var owner = options.Owner ?? LockOwner.Current();
            var upgradeLock = await UpgradeLock.AcquireAsync(control, env.Name, run.RunId, owner, "rollback", options.LockLease, services.Log, services.Clock, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!preparation.Resumes)
                {
                    run.StatusBeforeRollback = run.Status;
                    run.Status = UpgradeRun.RollingBack;
                    run.RollbackTo = preparation.Plan.ToVersion;
                    run.RollbackMethod = preparation.Plan.Method.ToString();
                    run.RollbackStartedAt = services.Clock.GetUtcNow();
                    run.RollbackEndedAt = null;
                    try
                    {
                        await run.SaveAsync(control, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        // Nothing has changed yet: give the lock back.
                        await upgradeLock.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                        throw;
                    }
                }

                upgradeLock.StartHeartbeat(options.HeartbeatInterval ?? TimeSpan.FromTicks(options.LockLease.Ticks / 3));
                var journal = new RollbackJournal(control, run.RunId, preparation.Plan.ToVersion, services.Clock);
                var context = new RollbackStepContext(services, verifier, options, preparation, control, journal, run);
                return await RunStepsAsync(context, upgradeLock, onStep, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await upgradeLock.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>PrepareAsync, then ExecuteAsync.</summary>
        public async Task<RollbackResult> RunAsync(RollbackRequest request, Action<RollbackStepResult>? onStep, CancellationToken cancellationToken)
            => await ExecuteAsync(await PrepareAsync(request, cancellationToken).ConfigureAwait(false), onStep, cancellationToken).ConfigureAwait(false);

        private static RollbackStep StepFor(RollbackPlanStep step)
        {
            if (step.Kind == RollbackStepKind.NothingToUndo)
            {
                return new NothingToUndoStep();
            }

            return step.Name switch
            {
                RollbackStepNames.FreezeIntake => new RollbackFreezeStep(),
                RollbackStepNames.ThawIntake => new RollbackThawStep(),
                RollbackStepNames.RestoreTables => new RestoreTablesStep(),
                RollbackStepNames.CompareItems => new CompareItemsStep(),
                RollbackStepNames.Verify => new RollbackVerifyStep(),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.LiveAliases) => new UndoLiveAliasesStep(),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.Configuration) => new UndoConfigurationStep(),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.MainStack) => new UndoStackStep(iam: false),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.IamStack) => new UndoStackStep(iam: true),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.TableSchema) => new UndoTableSchemaStep(),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.Alarms) => new UndoAlarmsStep(),
                _ when step.Name == RollbackStepNames.Undo(UpgradeStepNames.StateMigration) => new UndoStateMigrationStep(),
                _ => throw new InvalidOperationException($"No rollback step implements {step.Name}."),
            };
        }

        private async Task<RollbackResult> RunStepsAsync(RollbackStepContext context, UpgradeLock upgradeLock, Action<RollbackStepResult>? onStep, CancellationToken cancellationToken)
        {
            var plan = context.Plan;
            var results = new List<RollbackStepResult>();
            var freezeAsserted = false;
            foreach (var step in plan.Steps)
            {
                var earlier = context.Entry(step.Key);
                if (earlier != null && earlier.Status == JournalEntry.Completed)
                {
                    var done = ToResult(context, step, earlier, RollbackStepResult.AlreadyDoneStatus);
                    results.Add(done);
                    onStep?.Invoke(done);
                    continue;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    var stopped = $"rollback stopped by the user before step {step.Key}";
                    await StopAsync(context, upgradeLock, stopped).ConfigureAwait(false);
                    throw new AuroraRestoreException(
                        RollbackErrorIds.RollbackStopped, FailureCategory.OperationStopped, step.Key,
                        $"The rollback of run {context.RunId} ({plan.Path}) was stopped before step {step.Key}; every step before it is complete and journaled.",
                        Resume(context));
                }

                if (upgradeLock.Lost)
                {
                    throw new AuroraRestoreException(
                        UpgradeErrorIds.UpgradeLockLost, FailureCategory.ResourceBusy, step.Key,
                        $"Another runner took over the upgrade lock of environment '{context.Environment.Name}' before rollback step {step.Key} (this runner's lease had expired); this runner stops without writing anything more.",
                        "Let the other runner finish; Get-RestorePipeline shows the version.");
                }

                if (step.InFreezeWindow && step.Name != RollbackStepNames.FreezeIntake && !freezeAsserted
                    && plan.Steps.Any(s => s.Index < step.Index && s.Name == RollbackStepNames.FreezeIntake && s.Hop == step.Hop && context.Entry(s.Key)?.Status == JournalEntry.Completed))
                {
                    // Resumed inside the switch-back: the freeze's safety expiry may have passed while no runner ran.
                    var freeze = plan.Steps.Last(s => s.Index < step.Index && s.Name == RollbackStepNames.FreezeIntake);
                    await new IntakeFreezeGate(context.Control, context.Log).SetAsync(context.Now + options.FreezeSafetyExpiry, RollbackFreezeStep.Reason(context, freeze), context.RunId, CancellationToken.None).ConfigureAwait(false);
                }

                freezeAsserted = true;
                context.Log.Progress(new ProgressReport(ProgressActivityId, $"Rolling back '{context.Environment.Name}' {plan.Path}", $"{step.Key}{(step.Hop == null ? string.Empty : " [" + step.Hop + "]")}: {step.Description}", step.Index * 100 / plan.Steps.Count));
                var entry = await context.Journal.StartAsync(step, earlier, CancellationToken.None).ConfigureAwait(false);
                context.Record(entry);
                string detail;
                try
                {
                    // Steps are not cancelled half-way: Ctrl+C takes effect at the next boundary, leaving the journal consistent.
                    detail = await StepFor(step).RunAsync(context, step, entry, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    var message = FailureText.Of(ex);
                    await FailAsync(context, upgradeLock, entry, $"rollback step {step.Key} failed: {message}").ConfigureAwait(false);
                    var failed = ToResult(context, step, entry, RollbackStepResult.FailedStatus);
                    results.Add(failed);
                    onStep?.Invoke(failed);
                    throw new AuroraRestoreException(
                        RollbackErrorIds.RollbackStepFailed, (ex as AuroraRestoreException)?.Category ?? FailureCategory.InvalidResult, step.Key,
                        $"Step {step.Key}{(step.Hop == null ? string.Empty : " [" + step.Hop + "]")} of the rollback of run {context.RunId} ({plan.Path}) failed: {message} "
                        + $"The lock stays with the failure recorded{(step.InFreezeWindow ? "; intake stays frozen until the rollback resumes or the freeze expires" : string.Empty)}.",
                        ex is AuroraRestoreException cause ? cause.RecommendedAction + " " + Resume(context) : Resume(context),
                        ex);
                }

                entry = await context.Journal.CompleteAsync(entry, detail, CancellationToken.None).ConfigureAwait(false);
                context.Record(entry);
                var result = ToResult(context, step, entry, RollbackStepResult.CompletedStatus);
                results.Add(result);
                onStep?.Invoke(result);
                if (options.AbandonAfterStep?.Invoke(step.Key) == true)
                {
                    // Test hook: behave like a process killed right here (no lock release, no run status, no heartbeat).
                    await upgradeLock.StopHeartbeatAsync().ConfigureAwait(false);
                    return Summarize(context, results, RollbackResult.AbandonedStatus);
                }
            }

            // Any freeze of the run is lifted, also one a killed upgrade left with no switch-over of its own to undo.
            await new IntakeFreezeGate(context.Control, context.Log).ClearAsync(context.RunId, CancellationToken.None).ConfigureAwait(false);
            var run = context.Run;
            run.RollbackEndedAt = context.Now;
            run.Failure = null;
            if (plan.ToRunStart)
            {
                run.Status = UpgradeRun.RolledBack;
            }
            else
            {
                // Undone back to a version the run went through: the run is now a completed upgrade to that version, so
                // a later Undo-RestoreUpgrade undoes the rest, and a later Invoke-RestoreUpgrade starts a new run from it.
                run.RolledBackFrom ??= run.To;
                run.To = plan.ToVersion;
                run.Status = UpgradeRun.Completed;
            }

            await run.SaveAsync(context.Control, CancellationToken.None).ConfigureAwait(false);
            await upgradeLock.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            context.Log.Progress(new ProgressReport(ProgressActivityId, $"Rolling back '{context.Environment.Name}' {plan.Path}", "Done", 100, completed: true));
            return Summarize(context, results, RollbackResult.CompletedStatus);
        }

        private static async Task FailAsync(RollbackStepContext context, UpgradeLock upgradeLock, JournalEntry entry, string failure)
        {
            // Best effort, each on its own: what cannot be written is recovered by the lease's expiry and the journal.
            try
            {
                await context.Journal.FailAsync(entry, failure, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                context.Log.Warning($"The rollback journal could not record the failure: {ex.Message}");
            }

            await StopAsync(context, upgradeLock, failure).ConfigureAwait(false);
        }

        private static async Task StopAsync(RollbackStepContext context, UpgradeLock upgradeLock, string failure)
        {
            try
            {
                // The run stays rolling_back (only the rollback may go on); the lock keeps the failure, so a re-run takes it at once.
                context.Run.Failure = failure;
                await context.Run.SaveAsync(context.Control, CancellationToken.None).ConfigureAwait(false);
                await upgradeLock.RecordFailureAsync(failure, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                context.Log.Warning($"The rollback's failure could not be recorded ({ex.Message}); its lock expires with its lease.");
            }
        }

        private static string Resume(RollbackStepContext context)
            => $"Run the same command again (Undo-RestoreUpgrade -Environment {context.Environment.Name}): the rollback of run {context.RunId} resumes at this step.";

        private static RollbackStepResult ToResult(RollbackStepContext context, RollbackPlanStep step, JournalEntry entry, string status) => new RollbackStepResult
        {
            RunId = context.RunId,
            Environment = context.Environment.Name,
            Index = step.Index,
            Key = step.Key,
            Name = step.Name,
            Hop = step.Hop,
            Undoes = step.Undoes,
            Kind = step.Kind,
            Status = status,
            StartedAt = entry.StartedAt,
            EndedAt = entry.EndedAt,
            Attempts = entry.Attempts,
            Detail = entry.Detail ?? entry.Error ?? string.Empty,
        };

        private RollbackResult Summarize(RollbackStepContext context, IReadOnlyList<RollbackStepResult> results, string status)
        {
            var plan = context.Plan;
            var entries = context.Entries.ToList();
            var window = TimeSpan.Zero;
            foreach (var thaw in plan.Steps.Where(s => s.Name == RollbackStepNames.ThawIntake))
            {
                var ms = entries.FirstOrDefault(e => e.Key == thaw.Key && e.Status == JournalEntry.Completed)?.GetNumber("freeze_window_ms");
                window += ms.HasValue ? TimeSpan.FromMilliseconds(ms.Value) : TimeSpan.Zero;
            }

            var restore = entries.FirstOrDefault(e => e.Name == RollbackStepNames.RestoreTables && e.Status == JournalEntry.Completed);
            var compare = entries.FirstOrDefault(e => e.Name == RollbackStepNames.CompareItems && e.Status == JournalEntry.Completed);
            var verify = entries.FirstOrDefault(e => e.Name == RollbackStepNames.Verify && e.Status == JournalEntry.Completed);
            var downs = entries.Where(e => e.Name == RollbackStepNames.Undo(UpgradeStepNames.StateMigration) && e.Status == JournalEntry.Completed).OrderBy(e => e.Index).ToList();
            // The items as the upgrade found them: the first state migration of the hops this rollback undoes.
            var undone = plan.Hops.Select(h => h.ToString()).ToHashSet(StringComparer.Ordinal);
            var ups = context.UpgradeEntries.Where(e => e.Name == UpgradeStepNames.StateMigration && e.Hop != null && undone.Contains(e.Hop)).ToList();
            var tables = new List<RollbackTableReport>();
            foreach (var (prefix, table) in new[] { ("state", context.Environment.StateTableName), ("audit", context.Environment.AuditTableName) })
            {
                var after = compare?.GetString(prefix + "_checksum") ?? string.Empty;
                var before = restore?.GetString(prefix + "_checksum_before")
                    ?? downs.Select(d => d.GetString(prefix + "_checksum_before")).FirstOrDefault(c => c != null)
                    ?? after;
                tables.Add(new RollbackTableReport
                {
                    TableName = table,
                    ChecksumBeforeUpgrade = ups.Select(u => u.GetString(prefix + "_checksum_before")).FirstOrDefault(c => c != null) ?? string.Empty,
                    ChecksumBefore = before,
                    ChecksumAfter = after,
                    ItemsBefore = CountOf(before),
                    ItemsAfter = CountOf(after),
                    BackupChecksum = compare?.GetString(prefix + "_backup_checksum") ?? string.Empty,
                    PreUpgradeItemsChecksum = compare?.GetString(prefix + "_pre_upgrade_checksum") ?? string.Empty,
                    PreUpgradeItemsIdentical = compare?.GetString(prefix + "_identical") switch { "true" => true, "false" => false, _ => null },
                    ItemsCreatedSinceBackup = compare?.GetNumber(prefix + "_created_since") ?? 0,
                    ItemsDifferingFromBackup = compare?.GetList(prefix + "_differing") ?? new List<string>(),
                });
            }

            return new RollbackResult
            {
                RunId = context.RunId,
                Environment = context.Environment.Name,
                FromVersion = context.Run.RolledBackFrom != null && !plan.ToRunStart ? context.Run.RolledBackFrom : plan.RunTo,
                ToVersion = plan.ToVersion,
                Method = plan.Method,
                Status = status,
                UpgradeStatus = plan.RunStatus,
                Resumed = context.Preparation.Resumes,
                StartedAt = context.Run.RollbackStartedAt ?? context.Now,
                EndedAt = context.Now,
                Steps = results,
                FreezeWindow = window,
                BackupName = context.Run.BackupName,
                SafetyBackupName = restore?.GetString("safety_backup_name"),
                Tables = tables,
                Verification = context.Verification,
                Verified = verify != null,
            };
        }

        private static long CountOf(string checksum)
            => long.TryParse(checksum.Split(':')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;

        private (string Target, RollbackMethod Method) ResumedTarget(RollbackRequest request, UpgradeRun run)
        {
            var target = run.RollbackTo ?? run.From;
            var method = Enum.TryParse<RollbackMethod>(run.RollbackMethod, out var recorded) ? recorded : RollbackMethod.ReverseMigration;
            var asked = request.ToVersion == null ? null : Resolve(request.ToVersion);
            if ((asked != null && asked != target) || (request.Method.HasValue && request.Method.Value != method))
            {
                throw new AuroraRestoreException(
                    RollbackErrorIds.RollbackUnfinished, FailureCategory.InvalidOperation, run.RunId,
                    $"The rollback of run {run.RunId} to {target} by {method} is unfinished{(run.Failure == null ? string.Empty : " (" + run.Failure + ")")}; this command asks for {asked ?? target} by {request.Method ?? method}.",
                    $"Finish it first: Undo-RestoreUpgrade -Environment {request.Environment.Name} (it resumes with -ToVersion {target} -Method {method}).");
            }

            return (target, method);
        }

        private (string Target, RollbackMethod Method) NewTarget(RollbackRequest request, UpgradeRun run, UpgradePlan runPlan, IReadOnlyList<UpgradeHop> hops, IReadOnlyList<JournalEntry> journal)
        {
            var env = request.Environment;
            var method = request.Method ?? RollbackMethod.ReverseMigration;
            var path = new[] { run.From }.Concat(hops.Select(h => h.To)).ToList();
            var target = request.ToVersion == null ? run.From : Resolve(request.ToVersion);
            if (target == run.To && run.Status == UpgradeRun.Completed)
            {
                throw NothingToUndo(env, $"the last upgrade of environment '{env.Name}', run {run.RunId}, already ends at {run.To}.");
            }

            if (!path.Contains(target) || target == run.To)
            {
                throw new AuroraRestoreException(
                    RollbackErrorIds.RollbackTargetNotOnPath, FailureCategory.InvalidArgument, request.ToVersion,
                    $"{request.ToVersion} is not a version upgrade run {run.RunId} went through ({string.Join(" -> ", path)}): a rollback goes back along the run's path only.",
                    $"Pass -ToVersion {string.Join(" or ", path.Where(v => v != run.To))}, or leave it out to go back to {run.From}.");
            }

            var reached = hops.FirstOrDefault(h => h.To == target);
            if (reached != null && runPlan.Steps.Where(s => s.Hop == reached.ToString()).Any(s => !journal.Any(e => e.Key == s.Key && e.Status == JournalEntry.Completed)))
            {
                throw new AuroraRestoreException(
                    RollbackErrorIds.RollbackTargetNotOnPath, FailureCategory.InvalidArgument, request.ToVersion,
                    $"Upgrade run {run.RunId} never finished its hop {reached}, so the pipeline was never at {target}: there is no clean {target} to go back to.",
                    $"Roll back to {run.From} (leave -ToVersion out), or finish the upgrade first (Invoke-RestoreUpgrade -TargetVersion {run.To}).");
            }

            if (method == RollbackMethod.FromBackup && target != run.From)
            {
                throw new AuroraRestoreException(
                    RollbackErrorIds.BackupRestoreNeedsFullRollback, FailureCategory.InvalidArgument, request.ToVersion,
                    $"-Method FromBackup restores the tables of backup set {run.BackupName ?? "(none)"}, taken at {run.From}; it cannot go back to {target} only.",
                    $"Use -Method ReverseMigration for -ToVersion {target}, or leave -ToVersion out to go back to {run.From} from the backup.");
            }

            return (target, method);
        }

        private string Resolve(string spelling) => options.Catalog.TryGet(spelling, out var definition) ? definition.Version : spelling;

        private static AuroraRestoreException NothingToUndo(PipelineEnvironment env, string why) => new AuroraRestoreException(
            RollbackErrorIds.NothingToUndo, FailureCategory.ObjectNotFound, env.Name,
            "Nothing to undo: " + why,
            "Get-RestorePipeline shows the deployed version; to go back further than an upgrade run, reinstall that version and restore its tables from a backup set (Restore-RestoreState).");

        /// <summary>Opens the run's backup set: required and verified for FromBackup (with what it would lose), optional for ReverseMigration.</summary>
        private async Task OpenBackupAsync(RollbackPreparation preparation, CancellationToken cancellationToken)
        {
            var run = preparation.Run;
            var plan = preparation.Plan;
            var env = preparation.Request.Environment;
            var fromBackup = plan.Method == RollbackMethod.FromBackup;
            var location = run.BackupLocation == null ? null : ParseLocation(run.BackupLocation);
            if (run.BackupName == null || location == null)
            {
                if (fromBackup)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, run.RunId,
                        $"Upgrade run {run.RunId} has no backup set: it stopped before its backup step completed, so there is nothing to restore from.",
                        "Roll back with -Method ReverseMigration (the default).");
                }

                return;
            }

            preparation.BackupStore = location.IsS3 ? new S3BackupStore(services.S3, location.Bucket!, location.Prefix, services.Log) : new LocalBackupStore(location.Path!, services.Log);
            RestoreStateBackup backup;
            try
            {
                backup = await services.Backups.OpenAsync(env, run.BackupName, location, cancellationToken).ConfigureAwait(false);
            }
            catch (AuroraRestoreException ex) when (!fromBackup && ex.ErrorId == BackupErrorIds.BackupNotFound)
            {
                services.Log.Warning($"The run's backup set {run.BackupName} is not at {location} any more: the items cannot be compared with it at the end ({ex.Message}).");
                return;
            }

            preparation.Backup = backup;
            var restoreDone = preparation.RollbackJournal.Any(e => e.Name == RollbackStepNames.RestoreTables && e.Status == JournalEntry.Completed);
            if (!fromBackup || restoreDone)
            {
                return;
            }

            var verification = await services.Backups.VerifyAsync(backup, cancellationToken).ConfigureAwait(false);
            if (!verification.Passed)
            {
                var failed = verification.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}{(c.ErrorId == null ? string.Empty : " (" + c.ErrorId + ")")}").ToList();
                throw new AuroraRestoreException(
                    UpgradeErrorIds.BackupNotVerified, FailureCategory.InvalidData, backup.Name,
                    $"The run's backup set {backup.Name} at {location} did not pass verification: {(failed.Count == 0 ? "it has no checks" : string.Join("; ", failed))}. Restoring it could lose data.",
                    "Roll back with -Method ReverseMigration (the default), which does not need the backup set.");
            }

            var state = backup.Tables.FirstOrDefault(t => t.TableName == env.StateTableName);
            if (state != null)
            {
                var comparison = await new BackupItemComparer(services.DynamoDb, services.Log, options.TablePollInterval).CompareAsync(state, env.StateTableName, cancellationToken).ConfigureAwait(false);
                preparation.OperationsCreatedSinceBackup = comparison.CreatedSinceKeys;
                preparation.OperationsCreatedSinceBackupCount = comparison.CreatedSince;
                if (comparison.CreatedSince > 0)
                {
                    services.Log.Warning($"Restoring backup set {backup.Name} (taken {IsoTime.FormatSeconds(backup.CreatedAt)}) loses {comparison.CreatedSince} operation(s) created since: {Name(comparison.CreatedSinceKeys, comparison.CreatedSince)}. Their items are kept in the safety set the restore takes first.");
                }
            }
        }

        /// <summary>The run pointer's backup_location: a folder path, or s3://bucket/prefix/.</summary>
        private static BackupLocation ParseLocation(string text)
        {
            if (!text.StartsWith("s3://", StringComparison.Ordinal))
            {
                return BackupLocation.Folder(text);
            }

            var rest = text.Substring("s3://".Length);
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? BackupLocation.S3(rest, string.Empty) : BackupLocation.S3(rest.Substring(0, slash), rest.Substring(slash + 1));
        }

        private static string Name(IReadOnlyList<string> ids, long total)
            => string.Join(", ", ids.Take(OperationsNamed)) + (total > Math.Min(ids.Count, OperationsNamed) ? $" and {total - Math.Min(ids.Count, OperationsNamed)} more" : string.Empty);

        /// <summary>Restores in progress: operations with completed = false (every state format has the attribute).</summary>
        private async Task<IReadOnlyList<string>> InProgressAsync(string tableName, CancellationToken cancellationToken)
        {
            var ids = new List<string>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                services.Log.Verbose($"DynamoDB Scan {tableName} (completed = false)");
                var page = await services.DynamoDb.ScanAsync(new ScanRequest
                {
                    TableName = tableName,
                    FilterExpression = "completed = :false",
                    ProjectionExpression = "operation_id",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":false"] = new AttributeValue { BOOL = false } },
                    ExclusiveStartKey = start,
                }, cancellationToken).ConfigureAwait(false);
                ids.AddRange((page.Items ?? new List<Dictionary<string, AttributeValue>>()).Select(i => i.TryGetValue("operation_id", out var id) ? id.S ?? "?" : "?"));
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return ids;
        }

        private async Task<bool> TableExistsAsync(string tableName, CancellationToken cancellationToken)
        {
            try
            {
                services.Log.Verbose($"DynamoDB DescribeTable {tableName}");
                await services.DynamoDb.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ResourceNotFoundException)
            {
                return false;
            }
        }
    }
}
