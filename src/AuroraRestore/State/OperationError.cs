namespace AuroraRestore.State
{
    /// <summary>Why an operation failed: the v2+ structured error; v1 keeps only <see cref="Message"/>.</summary>
    public sealed class OperationError
    {
        public OperationError(string type, string message, string? step, bool retryable)
        {
            Type = type;
            Message = message;
            Step = step;
            Retryable = retryable;
        }

        /// <summary>A stable error id, e.g. SnapshotNotFound or AwsInvalidDBClusterStateFault.</summary>
        public string Type { get; }

        public string Message { get; }

        public string? Step { get; }

        public bool Retryable { get; }
    }
}
