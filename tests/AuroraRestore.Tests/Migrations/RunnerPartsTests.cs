using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Migrations;
using Xunit;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>The runner's moving parts on their own: measured parallelism, resizable write slots, pacing.</summary>
    public sealed class RunnerPartsTests
    {
        [Fact]
        public void Parallelism_doubles_while_throughput_rises_and_settles_on_the_best_level()
        {
            var now = TimeSpan.Zero;
            var controller = new ParallelismController(null, 64, TimeSpan.FromSeconds(1), () => now);
            var changes = new List<int>();
            controller.Changed += changes.Add;
            Assert.Equal(16, controller.WriteSlots);

            // A server that scales up to 32 writes in flight (8 segments at once) and gets slower beyond.
            var rateAt = new Dictionary<int, int> { [4] = 600, [8] = 1000, [16] = 1400, [32] = 1800, [64] = 1500 };
            for (var window = 0; window < 10 && !controller.Settled; window++)
            {
                var rate = rateAt[controller.WriteSlots];
                now += TimeSpan.FromSeconds(0.5);
                controller.Record(rate / 2);
                now += TimeSpan.FromSeconds(0.5);
                controller.Record(rate / 2);
            }

            Assert.True(controller.Settled);
            Assert.Equal(32, controller.WriteSlots);
            Assert.Equal(new[] { 32, 64, 32 }, changes);
            Assert.Equal(8, controller.ScanWorkers);
        }

        [Fact]
        public void A_server_that_does_best_with_one_segment_gets_one()
        {
            var now = TimeSpan.Zero;
            var controller = new ParallelismController(null, 64, TimeSpan.FromSeconds(1), () => now);
            var changes = new List<int>();
            controller.Changed += changes.Add;
            var rateAt = new Dictionary<int, int> { [4] = 1200, [8] = 1000, [16] = 800, [32] = 700 };
            for (var window = 0; window < 10 && !controller.Settled; window++)
            {
                now += TimeSpan.FromSeconds(1);
                controller.Record(rateAt[controller.WriteSlots] / 2);
                controller.Record(rateAt[controller.WriteSlots] / 2);
            }

            Assert.True(controller.Settled);
            Assert.Equal(new[] { 32, 8, 4 }, changes);
            Assert.Equal(4, controller.WriteSlots);
            Assert.Equal(1, controller.ScanWorkers);
        }

        [Fact]
        public void A_server_that_does_not_scale_keeps_the_starting_level()
        {
            var now = TimeSpan.Zero;
            var controller = new ParallelismController(null, 64, TimeSpan.FromSeconds(1), () => now);
            for (var window = 0; window < 10 && !controller.Settled; window++)
            {
                now += TimeSpan.FromSeconds(1);
                controller.Record(500);
                controller.Record(500);
            }

            Assert.True(controller.Settled);
            Assert.Equal(16, controller.WriteSlots);
            Assert.Equal(4, controller.ScanWorkers);
        }

        [Fact]
        public void Pinned_parallelism_never_changes()
        {
            var now = TimeSpan.Zero;
            var controller = new ParallelismController(12, 64, TimeSpan.Zero, () => now);
            for (var i = 1; i < 20; i++)
            {
                now += TimeSpan.FromSeconds(1);
                controller.Record(i * 1000);
            }

            Assert.Equal(12, controller.WriteSlots);
            Assert.True(controller.Settled);
        }

        [Fact]
        public async Task Write_slots_never_exceed_their_capacity_even_when_it_changes()
        {
            var limiter = new ConcurrencyLimiter(2);
            var inFlight = 0;
            var peak = 0;
            var peakAfterShrink = 0;
            var shrunk = false;
            var tasks = new List<Task>();
            for (var i = 0; i < 40; i++)
            {
                var index = i;
                tasks.Add(Task.Run(async () =>
                {
                    using (await limiter.AcquireAsync(CancellationToken.None))
                    {
                        var now = Interlocked.Increment(ref inFlight);
                        InterlockedMax(ref peak, now);
                        if (Volatile.Read(ref shrunk))
                        {
                            InterlockedMax(ref peakAfterShrink, now);
                        }

                        await Task.Delay(5);
                        Interlocked.Decrement(ref inFlight);
                    }

                    if (index == 10)
                    {
                        limiter.SetCapacity(6);
                    }
                }));
            }

            await Task.WhenAll(tasks);
            Assert.InRange(peak, 1, 6);
            limiter.SetCapacity(1);
            Volatile.Write(ref shrunk, true);
            await Task.WhenAll(Enumerable(10, async () =>
            {
                using (await limiter.AcquireAsync(CancellationToken.None))
                {
                    var now = Interlocked.Increment(ref inFlight);
                    InterlockedMax(ref peakAfterShrink, now);
                    await Task.Delay(2);
                    Interlocked.Decrement(ref inFlight);
                }
            }));
            Assert.Equal(1, peakAfterShrink);
        }

        [Fact]
        public async Task A_cancelled_wait_for_a_slot_gives_nothing_away()
        {
            var limiter = new ConcurrencyLimiter(1);
            var held = await limiter.AcquireAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            var waiting = limiter.AcquireAsync(cancel.Token);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            held.Dispose();
            using var again = await limiter.AcquireAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }

        [Fact]
        public async Task The_rate_limiter_spaces_acquisitions_by_their_size()
        {
            var limiter = new WriteRateLimiter(100);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                await limiter.AcquireAsync(10, CancellationToken.None);
            }

            // 50 items at 100/s: the fifth acquisition may start no earlier than 0.4 s after the first.
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.38), $"{clock.Elapsed}");
            Assert.Throws<ArgumentOutOfRangeException>(() => new WriteRateLimiter(0));
        }

        private static IEnumerable<Task> Enumerable(int count, Func<Task> make)
        {
            for (var i = 0; i < count; i++)
            {
                yield return Task.Run(make);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
