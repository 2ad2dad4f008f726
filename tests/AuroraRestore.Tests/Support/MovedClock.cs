using System;
using System.Globalization;

namespace AuroraRestore.Tests.Support
{
    /// <summary>The system clock moved to another instant, time still passing from there (leases, waits and journals behave).</summary>
    internal sealed class MovedClock : TimeProvider
    {
        private readonly TimeSpan offset;

        public MovedClock(DateTimeOffset now) => offset = now - System.GetUtcNow();

        /// <summary>Midnight UTC of <paramref name="day"/> (yyyy-MM-dd), running on.</summary>
        public static MovedClock At(string day) => new MovedClock(DateTimeOffset.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
