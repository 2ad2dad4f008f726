using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// An async semaphore whose capacity can change while it is in use: the runner's write slots, resized by the
    /// <see cref="ParallelismController"/> from measured throughput. Lowering the capacity never interrupts a request;
    /// it only delays the next ones.
    /// </summary>
    internal sealed class ConcurrencyLimiter
    {
        private readonly object gate = new object();
        private readonly Queue<TaskCompletionSource<bool>> waiters = new Queue<TaskCompletionSource<bool>>();
        private int capacity;
        private int inUse;

        public ConcurrencyLimiter(int capacity)
        {
            this.capacity = Math.Max(1, capacity);
        }

        public int Capacity
        {
            get
            {
                lock (gate)
                {
                    return capacity;
                }
            }
        }

        public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource<bool> waiter;
            lock (gate)
            {
                if (inUse < capacity && waiters.Count == 0)
                {
                    inUse++;
                    return new Slot(this);
                }

                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Enqueue(waiter);
            }

            using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
            {
                try
                {
                    await waiter.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (gate)
                    {
                        // Granted and cancelled at the same moment: give the slot back.
                        if (waiter.Task.Status == TaskStatus.RanToCompletion)
                        {
                            ReleaseLocked();
                        }
                    }

                    throw;
                }
            }

            return new Slot(this);
        }

        public void SetCapacity(int value)
        {
            lock (gate)
            {
                capacity = Math.Max(1, value);
                GrantLocked();
            }
        }

        private void Release()
        {
            lock (gate)
            {
                ReleaseLocked();
            }
        }

        private void ReleaseLocked()
        {
            inUse--;
            GrantLocked();
        }

        private void GrantLocked()
        {
            while (inUse < capacity && waiters.Count > 0)
            {
                var next = waiters.Dequeue();
                if (next.TrySetResult(true))
                {
                    inUse++;
                }
            }
        }

        private sealed class Slot : IDisposable
        {
            private ConcurrencyLimiter? owner;

            public Slot(ConcurrencyLimiter owner) => this.owner = owner;

            public void Dispose() => Interlocked.Exchange(ref owner, null)?.Release();
        }
    }
}
