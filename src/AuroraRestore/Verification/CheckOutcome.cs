namespace AuroraRestore.Verification
{
    /// <summary>How one verification check ended.</summary>
    public enum CheckOutcome
    {
        Passed,
        Failed,

        /// <summary>Not run (the sample restore without -SampleRestore; the metrics permission before 3.0): neither passed nor failed.</summary>
        Skipped,
    }
}
