using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Copies;
using AuroraRestore.Versions;

namespace AuroraRestore.Rehearsals
{
    /// <summary>A rehearsal checked before anything changes: the versions and hops, the copy it makes, the notes so far.</summary>
    public sealed class RehearsalPreparation
    {
        internal RehearsalPreparation(RehearsalRequest request, PipelineVersionDefinition from, PipelineVersionDefinition to, IReadOnlyList<UpgradeHop> hops, CopyRequest copy)
        {
            Request = request;
            From = from;
            To = to;
            Hops = hops;
            Copy = copy;
        }

        public RehearsalRequest Request { get; }

        /// <summary>The source's version.</summary>
        public PipelineVersionDefinition From { get; }

        public PipelineVersionDefinition To { get; }

        public IReadOnlyList<UpgradeHop> Hops { get; }

        /// <summary>The copy of the source into the scratch environment (with its state).</summary>
        public CopyRequest Copy { get; }

        /// <summary>How long the checks took (the report's Preflight step).</summary>
        public TimeSpan Duration { get; internal set; }

        /// <summary>What the checks found that the real upgrade should heed.</summary>
        public List<string> Notes { get; } = new List<string>();

        /// <summary>What -WhatIf shows.</summary>
        public string Describe()
            => $"Copy '{Request.Source.Name}' ({From.Version}) with its state{(Request.Anonymize ? ", anonymised," : string.Empty)} into '{Request.Scratch.Name}', "
                + $"upgrade it {string.Join(" -> ", new[] { From.Version }.Concat(HopTargets()))}, verify it{(Request.TestRestore ? " with a test restore" : string.Empty)}, "
                + $"roll it back to {From.Version}, verify it again, {(Request.KeepScratch ? "and keep it" : "and remove it")}";

        private IEnumerable<string> HopTargets()
        {
            foreach (var hop in Hops)
            {
                yield return hop.To;
            }
        }
    }
}
