using System.Threading;

namespace AuroraRestore.Migrations
{
    /// <summary>Items read, changed, skipped and failed; thread-safe to add to.</summary>
    public sealed class MigrationCounts
    {
        private long read;
        private long changed;
        private long skipped;
        private long failed;

        public MigrationCounts(long read = 0, long changed = 0, long skipped = 0, long failed = 0)
        {
            this.read = read;
            this.changed = changed;
            this.skipped = skipped;
            this.failed = failed;
        }

        public long Read => Interlocked.Read(ref read);

        public long Changed => Interlocked.Read(ref changed);

        public long Skipped => Interlocked.Read(ref skipped);

        public long Failed => Interlocked.Read(ref failed);

        public void AddRead(long n) => Interlocked.Add(ref read, n);

        public void AddChanged(long n = 1) => Interlocked.Add(ref changed, n);

        public void AddSkipped(long n = 1) => Interlocked.Add(ref skipped, n);

        public void AddFailed(long n = 1) => Interlocked.Add(ref failed, n);

        public MigrationCounts Plus(MigrationCounts other) => new MigrationCounts(Read + other.Read, Changed + other.Changed, Skipped + other.Skipped, Failed + other.Failed);

        public override string ToString() => $"{Read} read, {Changed} changed, {Skipped} skipped, {Failed} failed";
    }
}
