using System;
using AuroraRestore.Backups;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Upgrades
{
    /// <summary>What Invoke-RestoreUpgrade was asked to do.</summary>
    public sealed class UpgradeRequest
    {
        public UpgradeRequest(PipelineEnvironment environment, Func<string, string> lambdaPackageFor)
        {
            Environment = environment;
            LambdaPackageFor = lambdaPackageFor;
        }

        public PipelineEnvironment Environment { get; }

        /// <summary>-TargetVersion (exact or family spelling); null with <see cref="Plan"/>.</summary>
        public string? TargetVersion { get; set; }

        /// <summary>-Plan: a plan file read back; applied only if the environment still has its fingerprint.</summary>
        public UpgradePlan? Plan { get; set; }

        /// <summary>False with -NoMultiHop: 1.0→3.0 is then refused instead of going through 2.0.</summary>
        public bool AllowMultiHop { get; set; } = true;

        /// <summary>-BackupName: an existing, verified backup set instead of a new one.</summary>
        public string? BackupName { get; set; }

        /// <summary>Where backup sets are (-BackupPath / -BackupBucket); null: the artifact bucket, prefix backups/.</summary>
        public BackupLocation? BackupLocation { get; set; }

        /// <summary>-DrainTimeout: wait this long for in-progress restores; null refuses at once when there are any.</summary>
        public TimeSpan? DrainTimeout { get; set; }

        /// <summary>
        /// Invoke-RestoreUpgradeRehearsal only: the environment is a scratch copy whose restores in progress were copied
        /// from another environment and belong to no execution here, so they would never end: the drain check is not
        /// made (the preflight step records why). Never set for a real environment.
        /// </summary>
        public bool OperationsAreCopies { get; set; }

        /// <summary>The Lambda package (zip path) for a pipeline version: the module's, or from -LambdaPackagePath.</summary>
        public Func<string, string> LambdaPackageFor { get; }
    }
}
