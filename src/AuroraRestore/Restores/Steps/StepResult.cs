namespace AuroraRestore.Restores.Steps
{
    /// <summary>How a step ended: done, not needed, or (check steps) not done yet and to be polled again.</summary>
    public enum StepResult
    {
        Succeeded,
        Skipped,
        Waiting,
    }
}
