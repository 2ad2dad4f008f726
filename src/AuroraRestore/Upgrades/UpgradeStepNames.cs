namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// The steps of an upgrade run, as the journal names them (sk = "&lt;index, 3 digits&gt;#&lt;name&gt;"). Names repeat
    /// across hops; the index and the journal record's <c>hop</c> tell them apart.
    /// </summary>
    public static class UpgradeStepNames
    {
        /// <summary>Permissions, stack states, in-progress restores: recorded, changes nothing.</summary>
        public const string Preflight = "preflight";

        /// <summary>A verified backup set of the environment (new, or -BackupName).</summary>
        public const string Backup = "backup";

        /// <summary>The IAM stack to the hop's template (first on 2.0→3.0).</summary>
        public const string IamStack = "iam-stack";

        /// <summary>The hop's Lambda package into the artifact bucket, where the main stack takes the code from.</summary>
        public const string LambdaPackage = "lambda-package";

        /// <summary>The intake freeze that Start-AuroraRestore honours, just before the switch-over.</summary>
        public const string FreezeIntake = "freeze-intake";

        /// <summary>The main stack to the hop's template and parameters: new function code and configuration, state machine.</summary>
        public const string MainStack = "main-stack";

        /// <summary>A published version of every function with the code the main stack deployed.</summary>
        public const string PublishVersions = "publish-versions";

        /// <summary>The configuration document converted to the hop's format (2.0→3.0).</summary>
        public const string Configuration = "configuration";

        /// <summary>The <c>live</c> aliases moved to the published versions: the switch-over.</summary>
        public const string LiveAliases = "live-aliases";

        /// <summary>The intake freeze lifted, right after the aliases moved.</summary>
        public const string ThawIntake = "thaw-intake";

        /// <summary>The tables' indexes converged to the hop's schema.</summary>
        public const string TableSchema = "table-schema";

        /// <summary>The hop's CloudWatch alarms.</summary>
        public const string Alarms = "alarms";

        /// <summary>State and audit items migrated to the hop's formats, while the pipeline serves.</summary>
        public const string StateMigration = "state-migration";

        /// <summary>The pipeline checked against the target version.</summary>
        public const string Verify = "verify";
    }
}
