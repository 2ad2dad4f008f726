using System;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>How an upgrade run waits, locks and freezes; the defaults suit real AWS.</summary>
    public sealed class UpgradeOptions
    {
        public PipelineVersionCatalog Catalog { get; set; } = PipelineVersionCatalog.Default;

        /// <summary>How long the lock stays valid after its last heartbeat (-LockTimeout): a dead runner's lock is free after this.</summary>
        public TimeSpan LockLease { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How often the lease is renewed; a third of the lease unless set.</summary>
        public TimeSpan? HeartbeatInterval { get; set; }

        /// <summary>The intake freeze's safety expiry: intake reopens by itself this long after the freeze was set.</summary>
        public TimeSpan FreezeSafetyExpiry { get; set; } = TimeSpan.FromMinutes(45);

        public TimeSpan StackPollInterval { get; set; } = TimeSpan.FromSeconds(5);

        public TimeSpan StackTimeout { get; set; } = TimeSpan.FromMinutes(30);

        public TimeSpan TablePollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How often in-progress restores are counted while draining.</summary>
        public TimeSpan DrainPollInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Who the lock names; "user@host pid" of this process unless set.</summary>
        public string? Owner { get; set; }

        /// <summary>
        /// Test hook: called with a step's journal key ("005#main-stack") right after the journal recorded it completed.
        /// Returning true makes the engine stop there as if its process had been killed: no further write of any kind
        /// (the lock keeps its owner, the run stays "running"). The cmdlet maps the environment variable
        /// AURORARESTORE_TEST_STOP_AFTER_STEP to a real exit(137) instead (docs/upgrades.md).
        /// </summary>
        public Func<string, bool>? AbandonAfterStep { get; set; }
    }
}
