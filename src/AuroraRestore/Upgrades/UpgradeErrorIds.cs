namespace AuroraRestore.Upgrades
{
    /// <summary>The stable error ids of upgrades (the first part of every FullyQualifiedErrorId they produce).</summary>
    public static class UpgradeErrorIds
    {
        /// <summary>The environment has no pipeline (no main stack).</summary>
        public const string PipelineNotInstalled = "PipelineNotInstalled";

        /// <summary>The stacks say different versions and no unfinished upgrade explains it.</summary>
        public const string PipelineVersionsDiffer = "PipelineVersionsDiffer";

        /// <summary>A stack is not in a state an update may start from (UPDATE_ROLLBACK_FAILED, *_IN_PROGRESS, ...).</summary>
        public const string StackNotStable = "StackNotStable";

        /// <summary>A deployed template is not JSON (YAML): the module diffs JSON templates only.</summary>
        public const string TemplateNotJson = "TemplateNotJson";

        /// <summary>A plan file that is not a plan of this module (unreadable, other format_version, tampered steps).</summary>
        public const string UpgradePlanInvalid = "UpgradePlanInvalid";

        /// <summary>The environment changed since the plan was made (versions, templates, table indexes).</summary>
        public const string UpgradePlanStale = "UpgradePlanStale";

        /// <summary>The plan was made for another environment or region than the command targets.</summary>
        public const string UpgradePlanEnvironmentMismatch = "UpgradePlanEnvironmentMismatch";

        /// <summary>Another runner holds the environment's upgrade lock and is alive.</summary>
        public const string UpgradeInProgress = "UpgradeInProgress";

        /// <summary>An unfinished upgrade run goes elsewhere than this command asks: finish or roll it back first.</summary>
        public const string UpgradeRunUnfinished = "UpgradeRunUnfinished";

        /// <summary>The caller lacks permissions the upgrade needs.</summary>
        public const string UpgradePermissionsMissing = "UpgradePermissionsMissing";

        /// <summary>Restores are in progress and no -DrainTimeout was given.</summary>
        public const string OperationsInProgress = "OperationsInProgress";

        /// <summary>Restores were still in progress when -DrainTimeout ran out.</summary>
        public const string DrainTimedOut = "DrainTimedOut";

        /// <summary>-BackupName names no backup set.</summary>
        public const string BackupNotFound = "BackupNotFound";

        /// <summary>-BackupName names a set that failed verification.</summary>
        public const string BackupNotVerified = "BackupNotVerified";

        /// <summary>The new backup set failed its verification.</summary>
        public const string BackupFailed = "UpgradeBackupFailed";

        /// <summary>No Lambda package for a version of the path.</summary>
        public const string LambdaPackageNotFound = "LambdaPackageNotFound";

        /// <summary>-LambdaPackagePath is one zip but the path has several hops.</summary>
        public const string LambdaPackageAmbiguous = "LambdaPackageAmbiguous";

        /// <summary>A step of the run failed; the message says how to resume or roll back.</summary>
        public const string UpgradeStepFailed = "UpgradeStepFailed";

        /// <summary>The run was stopped (Ctrl+C) at a step boundary.</summary>
        public const string UpgradeStopped = "UpgradeStopped";

        /// <summary>Another runner took the lock over (this runner's lease had expired).</summary>
        public const string UpgradeLockLost = "UpgradeLockLost";

        /// <summary>After the last hop, the pipeline is not what the target version deploys.</summary>
        public const string UpgradeVerificationFailed = "UpgradeVerificationFailed";

        /// <summary>A function's code was not the new version's when it was to be published.</summary>
        public const string FunctionNotUpdated = "FunctionNotUpdated";

        /// <summary>CloudFormation could not create the preview change set.</summary>
        public const string ChangeSetFailed = "ChangeSetFailed";

        /// <summary>A stack lacks an output the next step needs (IAM role ARNs, topic, state machine).</summary>
        public const string StackOutputMissing = "StackOutputMissing";
    }
}
