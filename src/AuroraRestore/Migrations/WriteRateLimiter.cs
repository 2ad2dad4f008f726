using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Paces writes to at most a given number of items per second over the whole run (all segments and slots together),
    /// so a migration can leave capacity to the pipeline on a provisioned table.
    /// </summary>
    internal sealed class WriteRateLimiter
    {
        private readonly object gate = new object();
        private readonly double itemsPerSecond;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private double nextFreeSeconds;

        public WriteRateLimiter(double itemsPerSecond)
        {
            if (!(itemsPerSecond > 0) || double.IsInfinity(itemsPerSecond))
            {
                throw new ArgumentOutOfRangeException(nameof(itemsPerSecond));
            }

            this.itemsPerSecond = itemsPerSecond;
        }

        /// <summary>Waits until <paramref name="items"/> more items may be written.</summary>
        public Task AcquireAsync(int items, CancellationToken cancellationToken)
        {
            double wait;
            lock (gate)
            {
                var now = clock.Elapsed.TotalSeconds;
                var start = Math.Max(now, nextFreeSeconds);
                nextFreeSeconds = start + (items / itemsPerSecond);
                wait = start - now;
            }

            return wait <= 0.001 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
        }
    }
}
