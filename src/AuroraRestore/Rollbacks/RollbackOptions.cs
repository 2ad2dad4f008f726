using System;
using AuroraRestore.Verification;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks
{
    /// <summary>How a rollback waits, locks, freezes and checks; the defaults suit real AWS.</summary>
    public sealed class RollbackOptions
    {
        public PipelineVersionCatalog Catalog { get; set; } = PipelineVersionCatalog.Default;

        /// <summary>How long the (upgrade) lock stays valid after its last heartbeat (-LockTimeout).</summary>
        public TimeSpan LockLease { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How often the lease is renewed; a third of the lease unless set.</summary>
        public TimeSpan? HeartbeatInterval { get; set; }

        /// <summary>The intake freeze's safety expiry: intake reopens by itself this long after the freeze was set.</summary>
        public TimeSpan FreezeSafetyExpiry { get; set; } = TimeSpan.FromMinutes(45);

        public TimeSpan StackPollInterval { get; set; } = TimeSpan.FromSeconds(5);

        public TimeSpan StackTimeout { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>How often tables (index changes, scratch restores) are polled.</summary>
        public TimeSpan TablePollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Segments of the parallel scan that checksums each table at the end (1 on moto, where segments are slower).</summary>
        public int ChecksumSegments { get; set; } = 4;

        /// <summary>
        /// With ReverseMigration back to the run's start: compare every item of the upgrade's backup set with the live
        /// item of the same key at the end (a scratch-table restore per table). Off, the result carries checksums only.
        /// </summary>
        public bool CompareWithBackup { get; set; } = true;

        /// <summary>The checks of the final verification (Test-RestorePipeline's, without the sample restore).</summary>
        public string[] VerificationChecks { get; set; } = { CheckNames.FunctionVersions, CheckNames.StateMachineExecution, CheckNames.TableSchema, CheckNames.Monitoring };

        /// <summary>Who the lock names; "user@host pid" of this process unless set.</summary>
        public string? Owner { get; set; }

        /// <summary>
        /// Test hook: called with a rollback step's journal key ("003#undo-main-stack") right after the rollback journal
        /// recorded it completed. Returning true makes the engine stop there as if its process had been killed: no further
        /// write of any kind. The cmdlet maps AURORARESTORE_TEST_STOP_AFTER_STEP to a real exit(137) instead.
        /// </summary>
        public Func<string, bool>? AbandonAfterStep { get; set; }
    }
}
