using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.State;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The environment's one upgrade lock in the control table (pk <c>lock</c>, sk <c>upgrade</c>): taken with a
    /// conditional put, so a second upgrade (or rollback) of the same environment is refused; held with a lease that a
    /// heartbeat renews, so a dead runner's lock expires and can be taken over. A runner whose step failed keeps the lock
    /// with the failure recorded: nothing else starts on a half-upgraded environment, and resuming takes it over at once.
    /// </summary>
    public sealed class UpgradeLock : IAsyncDisposable
    {
        public const string PartitionKey = "lock";
        public const string SortKey = "upgrade";

        private readonly ControlTable control;
        private readonly IOperationLog log;
        private readonly TimeProvider clock;
        private readonly TimeSpan lease;
        private readonly SemaphoreSlim gate = new SemaphoreSlim(1, 1);
        private ControlRecord record;
        private CancellationTokenSource? heartbeat;
        private Task? heartbeatLoop;

        private UpgradeLock(ControlTable control, ControlRecord record, TimeSpan lease, IOperationLog log, TimeProvider clock)
        {
            this.control = control;
            this.record = record;
            this.lease = lease;
            this.log = log;
            this.clock = clock;
        }

        public string RunId => record.GetString("run_id") ?? string.Empty;

        public string Owner => record.GetString("owner") ?? string.Empty;

        /// <summary>True once another runner took the lock over (this runner's heartbeat found it changed): stop at the next boundary.</summary>
        public bool Lost { get; private set; }

        public static async Task<UpgradeLockState?> ReadAsync(ControlTable control, CancellationToken cancellationToken)
        {
            var stored = await control.GetAsync(PartitionKey, SortKey, cancellationToken).ConfigureAwait(false);
            return stored == null ? null : new UpgradeLockState(stored);
        }

        /// <summary>
        /// Takes the lock for <paramref name="runId"/>: when it is free, or held by a runner that is gone (lease expired,
        /// run failed or stopped, or a dead process of this host). Throws UpgradeInProgress otherwise.
        /// </summary>
        public static async Task<UpgradeLock> AcquireAsync(ControlTable control, string environmentName, string runId, string owner, string operation, TimeSpan lease, IOperationLog log, TimeProvider clock, CancellationToken cancellationToken)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var now = clock.GetUtcNow();
                var wanted = Record(runId, owner, operation, now, now + lease, 0);
                var existing = await ReadAsync(control, cancellationToken).ConfigureAwait(false);
                ControlRecord? stored;
                if (existing == null)
                {
                    stored = await control.TryPutAsync(wanted, ControlPutCondition.NotExists, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var (canTakeOver, reason) = existing.Assess(now);
                    if (!canTakeOver)
                    {
                        throw new AuroraRestoreException(
                            UpgradeErrorIds.UpgradeInProgress, FailureCategory.ResourceBusy, existing.Owner,
                            $"Environment '{environmentName}' is locked by {(existing.Operation == "upgrade" ? "an upgrade" : "a " + existing.Operation)} in progress: {existing}.",
                            $"Wait for that run to end. If its runner died on another machine, run the command again after {IsoTime.FormatSeconds(existing.ExpiresAt)}, when its lease expires.");
                    }

                    log.Warning($"Taking over the upgrade lock of environment '{environmentName}' from {existing.Owner} (run {existing.RunId}): {reason}.");
                    wanted = Record(runId, owner, operation, now, now + lease, existing.Record.Revision);
                    stored = await control.TryPutAsync(wanted, ControlPutCondition.RevisionIs(existing.Record.Revision), cancellationToken).ConfigureAwait(false);
                }

                if (stored != null)
                {
                    log.Verbose($"Upgrade lock of '{environmentName}' taken by {owner} for run {runId} until {IsoTime.FormatSeconds(now + lease)}");
                    return new UpgradeLock(control, stored, lease, log, clock);
                }

                // Someone wrote the lock between our read and our conditional put: look again.
            }

            var holder = await ReadAsync(control, cancellationToken).ConfigureAwait(false);
            throw new AuroraRestoreException(
                UpgradeErrorIds.UpgradeInProgress, FailureCategory.ResourceBusy, holder?.Owner,
                $"Environment '{environmentName}' is locked by another runner that took the lock at the same moment: {holder}.",
                "Wait for that run to end, then run the command again.");
        }

        /// <summary>Renews the lease every <paramref name="interval"/> until disposed or released.</summary>
        public void StartHeartbeat(TimeSpan interval)
        {
            heartbeat = new CancellationTokenSource();
            var token = heartbeat.Token;
            heartbeatLoop = Task.Run(async () =>
            {
                while (!token.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(interval, token).ConfigureAwait(false);
                        await RenewAsync(token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        // A missed heartbeat is not fatal while the lease lasts; the next one tries again.
                        log.Verbose($"Upgrade lock heartbeat failed: {ex.Message}");
                    }
                }
            });
        }

        /// <summary>Extends the lease (conditional on nobody else having written the lock).</summary>
        public async Task RenewAsync(CancellationToken cancellationToken)
        {
            await WriteAsync(r => Copy(r, clock.GetUtcNow() + lease, r.GetString("failure")), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Keeps the lock with the failure recorded: the run can be resumed (or rolled back) by anyone at once.</summary>
        public async Task RecordFailureAsync(string failure, CancellationToken cancellationToken)
        {
            await StopHeartbeatAsync().ConfigureAwait(false);
            await WriteAsync(r => Copy(r, DateTimeOffset.FromUnixTimeSeconds(r.GetNumber("expires_at") ?? 0), failure), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes the lock if it is still this runner's.</summary>
        public async Task ReleaseAsync(CancellationToken cancellationToken)
        {
            await StopHeartbeatAsync().ConfigureAwait(false);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!await control.TryDeleteAsync(PartitionKey, SortKey, record.Revision, cancellationToken).ConfigureAwait(false))
                {
                    Lost = true;
                    log.Warning("The upgrade lock was no longer this runner's when it was to be released.");
                }
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>Stops the heartbeat without touching the lock (what a killed runner leaves behind).</summary>
        public async Task StopHeartbeatAsync()
        {
            if (heartbeat == null)
            {
                return;
            }

            heartbeat.Cancel();
            if (heartbeatLoop != null)
            {
                await heartbeatLoop.ConfigureAwait(false);
            }

            heartbeat.Dispose();
            heartbeat = null;
            heartbeatLoop = null;
        }

        public async ValueTask DisposeAsync()
        {
            await StopHeartbeatAsync().ConfigureAwait(false);
            gate.Dispose();
        }

        private async Task WriteAsync(Func<ControlRecord, ControlRecord> change, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Lost)
                {
                    return;
                }

                var stored = await control.TryPutAsync(change(record), ControlPutCondition.RevisionIs(record.Revision), cancellationToken).ConfigureAwait(false);
                if (stored == null)
                {
                    Lost = true;
                    log.Warning($"The upgrade lock of run {RunId} was taken over by another runner.");
                    return;
                }

                record = stored;
            }
            finally
            {
                gate.Release();
            }
        }

        private ControlRecord Copy(ControlRecord from, DateTimeOffset expiresAt, string? failure)
        {
            var attributes = new Dictionary<string, AttributeValue>(from.Attributes, StringComparer.Ordinal)
            {
                ["expires_at"] = new AttributeValue { N = expiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["heartbeat"] = new AttributeValue { S = IsoTime.Format(clock.GetUtcNow()) },
            };
            if (failure == null)
            {
                attributes.Remove("failure");
            }
            else
            {
                attributes["failure"] = new AttributeValue { S = failure };
            }

            return new ControlRecord(PartitionKey, SortKey, attributes, from.Revision);
        }

        private static ControlRecord Record(string runId, string owner, string operation, DateTimeOffset now, DateTimeOffset expiresAt, long revision)
            => new ControlRecord(PartitionKey, SortKey, new Dictionary<string, AttributeValue>
            {
                ["run_id"] = new AttributeValue { S = runId },
                ["owner"] = new AttributeValue { S = owner },
                ["operation"] = new AttributeValue { S = operation },
                ["acquired_at"] = new AttributeValue { S = IsoTime.Format(now) },
                ["expires_at"] = new AttributeValue { N = expiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["heartbeat"] = new AttributeValue { S = IsoTime.Format(now) },
            }, revision);
    }
}
