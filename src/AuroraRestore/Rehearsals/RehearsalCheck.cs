namespace AuroraRestore.Rehearsals
{
    /// <summary>One post-migration check a rehearsal ran: after the upgrade, or after the rollback.</summary>
    public sealed class RehearsalCheck
    {
        /// <summary>The step that ran it: Verify upgraded or Verify rolled back.</summary>
        public string Step { get; set; } = string.Empty;

        /// <summary>The version the pipeline was checked against.</summary>
        public string Version { get; set; } = string.Empty;

        /// <summary>FunctionVersions, StateMachineExecution, TableSchema, SampleRestore, Monitoring.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Passed, Failed or Skipped.</summary>
        public string Outcome { get; set; } = string.Empty;

        public string Detail { get; set; } = string.Empty;

        /// <summary>What to do when it failed, or null.</summary>
        public string? Fix { get; set; }

        public override string ToString() => $"{Step}: {Name} {Outcome}";
    }
}
