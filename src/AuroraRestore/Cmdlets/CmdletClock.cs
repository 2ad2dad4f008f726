using System;
using System.Globalization;
using AuroraRestore.Common;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// The clock the cmdlets that deploy Lambda functions give their engines (Install-, Copy-RestorePipeline,
    /// Invoke-RestoreUpgrade, Undo-RestoreUpgrade, Invoke-RestoreUpgradeRehearsal): the system's. Test hook: the
    /// environment variable <see cref="NowVariable"/> (an ISO 8601 instant, e.g. 2029-01-15T00:00:00Z) moves it to that
    /// instant, running on from there, so that a test in a real PowerShell session can set the date the Lambda runtime
    /// checks see (tests/pester/BadInput.Tests.ps1). Never set it outside tests.
    /// </summary>
    internal static class CmdletClock
    {
        public const string NowVariable = "AURORARESTORE_TEST_NOW";

        public static TimeProvider Current()
        {
            var text = Environment.GetEnvironmentVariable(NowVariable);
            if (string.IsNullOrEmpty(text))
            {
                return TimeProvider.System;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now))
            {
                throw new AuroraRestoreException(
                    "InvalidTestClock", FailureCategory.InvalidArgument, NowVariable,
                    $"The test hook {NowVariable} is set to '{text}', which is not an instant.",
                    $"Remove the environment variable {NowVariable} (it is for the module's tests), or set it to an ISO 8601 instant such as 2029-01-15T00:00:00Z.");
            }

            return new MovedClock(now - TimeProvider.System.GetUtcNow());
        }

        /// <summary>The system clock moved by a fixed offset: time still passes, so waits and leases behave.</summary>
        private sealed class MovedClock : TimeProvider
        {
            private readonly TimeSpan offset;

            public MovedClock(TimeSpan offset) => this.offset = offset;

            public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
        }
    }
}
