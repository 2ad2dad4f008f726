using System;
using System.Diagnostics;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Chooses the runner's parallelism from what it measures instead of assuming it: it starts with one segment scanned
    /// at a time and 4 write requests in flight, doubles both while each doubling raises the measured item throughput by
    /// at least 10%, and settles on the best level as soon as one does not. DynamoDB scales with parallel segments and
    /// writers; a single-process test double such as moto may or may not (on a loaded moto, parallel segments were
    /// faster in one measurement and slower in another), and this is how the runner finds out which it is talking to.
    /// </summary>
    internal sealed class ParallelismController
    {
        /// <summary>Write slots per level; segments scanned at once are a quarter of them (a page feeds several batch writes).</summary>
        private static readonly int[] Levels = { 4, 8, 16, 32, 64, 128 };
        private readonly object gate = new object();
        private readonly Func<TimeSpan> clock;
        private readonly TimeSpan windowLength;
        private TimeSpan windowStart;
        private readonly int maxSlots;
        private int level;
        private int bestLevel;
        private double bestRate;
        private long windowItems;
        private int windowPages;
        private bool settled;

        /// <param name="fixedSlots">Pins the write slots (no measuring), or null to measure.</param>
        /// <param name="maxSlots">The most write requests in flight at once.</param>
        /// <param name="windowLength">How long each level is measured.</param>
        /// <param name="clock">Elapsed time (tests pass their own); null: a stopwatch started now.</param>
        public ParallelismController(int? fixedSlots, int maxSlots, TimeSpan windowLength, Func<TimeSpan>? clock = null)
        {
            this.maxSlots = Math.Max(1, maxSlots);
            this.windowLength = windowLength;
            if (clock == null)
            {
                var stopwatch = Stopwatch.StartNew();
                clock = () => stopwatch.Elapsed;
            }

            this.clock = clock;
            windowStart = clock();
            if (fixedSlots.HasValue)
            {
                WriteSlots = Math.Max(1, fixedSlots.Value);
                settled = true;
            }
            else
            {
                level = 0;
                bestLevel = level;
                WriteSlots = Math.Min(Levels[level], this.maxSlots);
            }
        }

        /// <summary>Raised (outside any lock) when the write slots change.</summary>
        public event Action<int>? Changed;

        public int WriteSlots { get; private set; }

        /// <summary>Segments scanned at once: one per four write slots (a page feeds several batch writes).</summary>
        public int ScanWorkers => Math.Max(1, WriteSlots / 4);

        public bool Settled
        {
            get
            {
                lock (gate)
                {
                    return settled;
                }
            }
        }

        /// <summary>Counts a processed page; at the end of a window compares the throughput with the best so far.</summary>
        public void Record(int items)
        {
            int? changedTo = null;
            lock (gate)
            {
                if (settled)
                {
                    return;
                }

                windowItems += items;
                windowPages++;
                var now = clock();
                var elapsed = now - windowStart;
                if (elapsed < windowLength || windowPages < 2 || elapsed <= TimeSpan.Zero)
                {
                    return;
                }

                var rate = windowItems / elapsed.TotalSeconds;
                windowStart = now;
                windowItems = 0;
                windowPages = 0;
                if (rate > bestRate * 1.1 || bestRate == 0)
                {
                    bestRate = rate;
                    bestLevel = level;
                    if (level + 1 < Levels.Length && Levels[level + 1] <= maxSlots)
                    {
                        level++;
                        changedTo = Levels[level];
                    }
                    else
                    {
                        settled = true;
                    }
                }
                else
                {
                    settled = true;
                    if (level != bestLevel)
                    {
                        level = bestLevel;
                        changedTo = Levels[level];
                    }
                }

                if (changedTo.HasValue)
                {
                    WriteSlots = changedTo.Value;
                }
            }

            if (changedTo.HasValue)
            {
                Changed?.Invoke(changedTo.Value);
            }
        }
    }
}
