namespace AuroraRestore.Control
{
    /// <summary>When a conditional put into the control table may replace what is stored.</summary>
    public sealed class ControlPutCondition
    {
        private ControlPutCondition(bool mustNotExist, long? expectedRevision)
        {
            MustNotExist = mustNotExist;
            ExpectedRevision = expectedRevision;
        }

        /// <summary>Only if no record has this key (taking a lock, starting a journal).</summary>
        public static ControlPutCondition NotExists { get; } = new ControlPutCondition(true, null);

        public bool MustNotExist { get; }

        public long? ExpectedRevision { get; }

        /// <summary>Only if the stored record is still at <paramref name="revision"/> (nobody wrote it since it was read).</summary>
        public static ControlPutCondition RevisionIs(long revision) => new ControlPutCondition(false, revision);

        public override string ToString() => MustNotExist ? "not exists" : $"revision = {ExpectedRevision}";
    }
}
