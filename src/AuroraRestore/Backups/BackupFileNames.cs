namespace AuroraRestore.Backups
{
    /// <summary>The files of a backup set (docs/backups.md).</summary>
    public static class BackupFileNames
    {
        /// <summary>The table of contents, written last.</summary>
        public const string Manifest = "manifest.json";

        /// <summary>The last Test-RestoreStateBackup result; not listed in the manifest (it is written after it).</summary>
        public const string Verification = "verification.json";

        public const string MainStackTemplate = "main-stack.template";
        public const string MainStack = "main-stack.json";
        public const string IamStackTemplate = "iam-stack.template";
        public const string IamStack = "iam-stack.json";
        public const string Functions = "functions.json";
        public const string StateMachine = "state-machine.json";
        public const string Configuration = "configuration.json";
    }
}
