using System;
using System.Diagnostics;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// Chooses the runner's parallelism from what it measures instead of assuming it. It starts with four segments
    /// scanned at once and 16 write requests in flight, doubles both while each doubling raises the measured item
    /// throughput by at least 10%; if the first doubling does not, it halves them while each halving does (down to one
    /// segment and 4 writes); then it settles on the best level measured. DynamoDB scales with parallel segments and writers; a single-process test double such as
    /// moto may or may not (its notes say segmented scans are slower; on this machine four parallel segments copied
    /// faster than one), and this is how the runner finds out which it is talking to.
    /// </summary>
    internal sealed class ParallelismController
    {
        /// <summary>Write slots per level; segments scanned at once are a quarter of them (a page feeds several batch writes).</summary>
        private static readonly int[] Levels = { 4, 8, 16, 32, 64, 128 };
        private const int StartLevel = 2;
        private readonly object gate = new object();
        private readonly Func<TimeSpan> clock;
        private readonly TimeSpan windowLength;
        private readonly int maxLevel;
        private TimeSpan windowStart;
        private int level;
        private int bestLevel;
        private double bestRate;
        private long windowItems;
        private int windowPages;
        private bool goingDown;
        private bool settled;

        /// <param name="fixedSlots">Pins the write slots (no measuring), or null to measure.</param>
        /// <param name="maxSlots">The most write requests in flight at once.</param>
        /// <param name="windowLength">How long each level is measured (and at least two pages).</param>
        /// <param name="clock">Elapsed time (tests pass their own); null: a stopwatch started now.</param>
        public ParallelismController(int? fixedSlots, int maxSlots, TimeSpan windowLength, Func<TimeSpan>? clock = null)
        {
            this.windowLength = windowLength;
            if (clock == null)
            {
                var stopwatch = Stopwatch.StartNew();
                clock = () => stopwatch.Elapsed;
            }

            this.clock = clock;
            windowStart = clock();
            maxLevel = 0;
            while (maxLevel + 1 < Levels.Length && Levels[maxLevel + 1] <= Math.Max(Levels[0], maxSlots))
            {
                maxLevel++;
            }

            if (fixedSlots.HasValue)
            {
                WriteSlots = Math.Max(1, fixedSlots.Value);
                settled = true;
            }
            else
            {
                level = Math.Min(StartLevel, maxLevel);
                bestLevel = level;
                WriteSlots = Levels[level];
                settled = maxLevel == 0;
            }
        }

        /// <summary>Raised (outside any lock) when the write slots change.</summary>
        public event Action<int>? Changed;

        public int WriteSlots { get; private set; }

        /// <summary>Segments scanned at once: one per four write slots.</summary>
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
        /// <param name="items">Items of the page.</param>
        /// <param name="saturated">
        /// False when fewer segments were left to scan than the level asks for (the end of a run): such a window measures
        /// the table running out, not the level, and is thrown away.
        /// </param>
        public void Record(int items, bool saturated = true)
        {
            int? changedTo = null;
            lock (gate)
            {
                if (settled)
                {
                    return;
                }

                if (!saturated)
                {
                    windowStart = clock();
                    windowItems = 0;
                    windowPages = 0;
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
                var next = Decide(rate);
                if (next != level)
                {
                    level = next;
                    changedTo = Levels[level];
                    WriteSlots = changedTo.Value;
                }
            }

            if (changedTo.HasValue)
            {
                Changed?.Invoke(changedTo.Value);
            }
        }

        /// <summary>The level to measure next (or to keep, once settled).</summary>
        private int Decide(double rate)
        {
            var better = bestRate == 0 || rate > bestRate * 1.1;
            if (better)
            {
                bestRate = rate;
                bestLevel = level;
            }

            if (!goingDown && better && level < maxLevel)
            {
                return level + 1; // climbing, and it still pays
            }

            if (!goingDown && bestLevel == Math.Min(StartLevel, maxLevel) && bestLevel > 0)
            {
                goingDown = true;
                return bestLevel - 1; // the first doubling did not pay: is less better?
            }

            if (goingDown && better && level > 0)
            {
                return level - 1; // less paid: try less still
            }

            settled = true;
            return bestLevel;
        }
    }
}
