using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// What a rollback will do: the upgrade run it undoes, where it goes, by which method, and every step in order (the
    /// upgrade's steps undone newest hop first). -WhatIf prints it.
    /// </summary>
    public sealed class RollbackPlan
    {
        public string Environment { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        /// <summary>The upgrade run undone (its journal is journal#&lt;RunId&gt;, the rollback's rollback#&lt;RunId&gt;#&lt;ToVersion&gt;).</summary>
        public string RunId { get; set; } = string.Empty;

        /// <summary>The version the run started from.</summary>
        public string RunFrom { get; set; } = string.Empty;

        /// <summary>Where the run was going (or, after a rollback of its last hop, where it now ends).</summary>
        public string RunTo { get; set; } = string.Empty;

        /// <summary>completed, failed or running (killed), as the run pointer said before the rollback.</summary>
        public string RunStatus { get; set; } = string.Empty;

        /// <summary>The version the rollback goes back to.</summary>
        public string ToVersion { get; set; } = string.Empty;

        public RollbackMethod Method { get; set; }

        /// <summary>The upgrade hops undone, newest first.</summary>
        public IReadOnlyList<UpgradeHop> Hops { get; set; } = Array.Empty<UpgradeHop>();

        public IReadOnlyList<RollbackPlanStep> Steps { get; set; } = Array.Empty<RollbackPlanStep>();

        /// <summary>What the reviewer should know (operations FromBackup loses, restores in progress).</summary>
        public IReadOnlyList<string> Notes { get; set; } = Array.Empty<string>();

        /// <summary>True when the rollback goes back to where the run started (the run ends rolled_back).</summary>
        public bool ToRunStart => ToVersion == RunFrom;

        /// <summary>"3.0.0 -> 2.0.0 -> 1.0.0".</summary>
        public string Path => string.Join(" -> ", new[] { Hops.Count == 0 ? RunTo : Hops[0].To }.Concat(Hops.Select(h => h.From)));

        /// <summary>The plan as text: what -WhatIf prints.</summary>
        public string Describe()
        {
            var lines = new List<string>
            {
                $"Rollback of environment '{Environment}' ({Region}): {Path} by {Method}, undoing upgrade run {RunId} ({RunFrom} -> {RunTo}, {RunStatus})",
            };
            foreach (var step in Steps)
            {
                lines.Add($"  {step.Key}{(step.Hop == null ? string.Empty : " [" + step.Hop + "]")}{(step.InFreezeWindow ? " (intake frozen)" : string.Empty)}: {step.Description}");
            }

            lines.AddRange(Notes.Select(n => "  note: " + n));
            return string.Join(System.Environment.NewLine, lines);
        }

        public override string ToString() => $"{Environment}: {Path} ({Method}, {Steps.Count} steps)";
    }
}
