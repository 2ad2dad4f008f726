using System;
using AuroraRestore.Rollbacks;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Rehearsals
{
    /// <summary>How a rehearsal upgrades and rolls back its copy; the defaults are Invoke-RestoreUpgrade's and Undo-RestoreUpgrade's.</summary>
    public sealed class RehearsalOptions
    {
        public PipelineVersionCatalog Catalog { get; set; } = PipelineVersionCatalog.Default;

        public UpgradeOptions Upgrade { get; set; } = new UpgradeOptions();

        public RollbackOptions Rollback { get; set; } = new RollbackOptions();

        /// <summary>The clock of the copy, the upgrade and the rollback (today's date for their Lambda runtime checks).</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;
    }
}
