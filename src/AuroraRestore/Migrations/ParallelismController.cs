using System;
using System.Diagnostics;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Chooses the runner's parallelism from what it measures instead of assuming it: it starts low, doubles the write
    /// slots (and with them the segments scanned at once) while each doubling raises the measured item throughput by
    /// at least 10%, and settles on the best level as soon as one does not. DynamoDB scales with parallel segments and
    /// writers; a single-process test double such as moto does not (its segmented scans are even slower), and this is
    /// how the runner finds out which it is talking to.
    /// </summary>
    internal sealed class ParallelismController
    {
        private static readonly int[] Levels = { 2, 4, 8, 16, 32, 64 };
        private readonly object gate = new object();
        private readonly Stopwatch window = Stopwatch.StartNew();
        private readonly TimeSpan windowLength;
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
        public ParallelismController(int? fixedSlots, int maxSlots, TimeSpan windowLength)
        {
            this.maxSlots = Math.Max(1, maxSlots);
            this.windowLength = windowLength;
            if (fixedSlots.HasValue)
            {
                WriteSlots = Math.Max(1, fixedSlots.Value);
                settled = true;
            }
            else
            {
                level = 1;
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
                if (window.Elapsed < windowLength || windowPages < 2)
                {
                    return;
                }

                var rate = windowItems / window.Elapsed.TotalSeconds;
                window.Restart();
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
