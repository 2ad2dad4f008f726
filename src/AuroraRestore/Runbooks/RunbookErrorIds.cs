namespace AuroraRestore.Runbooks
{
    /// <summary>The stable error ids of Invoke-RestoreRunbook (docs/runbooks.md).</summary>
    public static class RunbookErrorIds
    {
        public const string UnknownRunbook = "UnknownRunbook";
        public const string RunbookNotFound = "RunbookNotFound";
        public const string RunbookVersionRequired = "RunbookVersionRequired";
        public const string RunbookParameterNotApplicable = "RunbookParameterNotApplicable";
        public const string RunbookOutputPathIsFile = "RunbookOutputPathIsFile";
        public const string PesterNotFound = "PesterNotFound";
        public const string PesterPathInvalid = "PesterPathInvalid";
        public const string RunbookReportMissing = "RunbookReportMissing";
        public const string RunbookReportInvalid = "RunbookReportInvalid";
        public const string RunbookFailed = "RunbookFailed";
    }
}
