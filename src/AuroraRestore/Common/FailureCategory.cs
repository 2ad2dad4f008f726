namespace AuroraRestore.Common
{
    /// <summary>
    /// The kinds of failure, named exactly like PowerShell's ErrorCategory members they become.
    /// Engines use this, not ErrorCategory, because they also run where PowerShell is absent (the Lambda host, xunit).
    /// </summary>
    public enum FailureCategory
    {
        NotSpecified,
        AuthenticationError,
        ConnectionError,
        DeadlockDetected,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        InvalidResult,
        LimitsExceeded,
        NotImplemented,
        NotInstalled,
        ObjectNotFound,
        OperationStopped,
        OperationTimeout,
        PermissionDenied,
        ResourceBusy,
        ResourceExists,
        ResourceUnavailable,
        SecurityError,
    }
}
