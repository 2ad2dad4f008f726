namespace AuroraRestore.Pipelines
{
    /// <summary>A function's published version and where its <c>live</c> alias pointed before (for rollback).</summary>
    public sealed class FunctionRelease
    {
        public FunctionRelease(string functionName, string publishedVersion, string? previousLiveVersion, string codeSha256)
        {
            FunctionName = functionName;
            PublishedVersion = publishedVersion;
            PreviousLiveVersion = previousLiveVersion;
            CodeSha256 = codeSha256;
        }

        public string FunctionName { get; }

        public string PublishedVersion { get; }

        /// <summary>Null when the function had no <c>live</c> alias yet.</summary>
        public string? PreviousLiveVersion { get; }

        public string CodeSha256 { get; }
    }
}
