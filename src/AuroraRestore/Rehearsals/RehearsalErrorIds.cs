namespace AuroraRestore.Rehearsals
{
    /// <summary>The stable error ids of Invoke-RestoreUpgradeRehearsal (docs/runbooks.md).</summary>
    public static class RehearsalErrorIds
    {
        public const string RehearsalScratchIsSource = "RehearsalScratchIsSource";
        public const string RehearsalScratchInUse = "RehearsalScratchInUse";
        public const string RehearsalNothingToUpgrade = "RehearsalNothingToUpgrade";
        public const string RehearsalReportPathInvalid = "RehearsalReportPathInvalid";
        public const string RehearsalFailed = "RehearsalFailed";
    }
}
