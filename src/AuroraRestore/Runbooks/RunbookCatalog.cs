using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;

namespace AuroraRestore.Runbooks
{
    /// <summary>The runbooks the module ships, by name (what Invoke-RestoreRunbook -Name accepts).</summary>
    public static class RunbookCatalog
    {
        public const string UpgradeName = "Upgrade";
        public const string RollbackName = "Rollback";

        // Runbook parameter names, as their param() blocks spell them.
        public const string EnvironmentParameter = "Environment";
        public const string BackupPathParameter = "BackupPath";
        public const string BackupBucketParameter = "BackupBucket";
        public const string DrainTimeoutParameter = "DrainTimeout";
        public const string SampleRestoreParameter = "SampleRestore";
        public const string MethodParameter = "Method";
        public const string ArtifactPathParameter = "ArtifactPath";

        public static readonly RunbookDefinition Upgrade = new RunbookDefinition(
            UpgradeName, "TargetVersion", versionRequired: true,
            new[] { "Preflight", "Backup", "Upgrade", "Verify" },
            new[] { BackupPathParameter, BackupBucketParameter, DrainTimeoutParameter, SampleRestoreParameter });

        public static readonly RunbookDefinition Rollback = new RunbookDefinition(
            RollbackName, "ToVersion", versionRequired: false,
            new[] { "Rollback", "Verify" },
            new[] { MethodParameter, SampleRestoreParameter });

        public static IReadOnlyList<RunbookDefinition> All { get; } = new[] { Upgrade, Rollback };

        /// <summary>The runbook of that name (case-insensitive).</summary>
        /// <exception cref="AuroraRestoreException">UnknownRunbook, listing the runbooks.</exception>
        public static RunbookDefinition Get(string name)
            => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new AuroraRestoreException(
                    RunbookErrorIds.UnknownRunbook, FailureCategory.InvalidArgument, name,
                    $"'{name}' is not a runbook of this module. Runbooks: {string.Join(", ", All.Select(r => r.Name))}.",
                    "Pass -Name Upgrade or -Name Rollback.");
    }
}
