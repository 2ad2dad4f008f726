using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// An ordered upgrade of one environment: the hops of the compatibility matrix, every step with what it changes,
    /// and the fingerprint of the environment it was computed from. Get-RestoreUpgradePlan emits it (and writes it with
    /// -OutFile as a reviewable JSON file, <see cref="UpgradePlanFile"/>); Invoke-RestoreUpgrade -Plan applies exactly it.
    /// </summary>
    public sealed class UpgradePlan
    {
        /// <summary>The plan file's format; a file with another format_version is refused.</summary>
        public const int CurrentFormatVersion = 1;

        public int FormatVersion { get; set; } = CurrentFormatVersion;

        /// <summary>SHA-256 of the plan's content (everything but this id and the creation time): names the plan in the run pointer.</summary>
        public string PlanId { get; set; } = string.Empty;

        public string Environment { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        public string Account { get; set; } = string.Empty;

        public string FromVersion { get; set; } = string.Empty;

        public string ToVersion { get; set; } = string.Empty;

        public bool AllowMultiHop { get; set; } = true;

        public DateTimeOffset CreatedAt { get; set; }

        public IReadOnlyList<UpgradeHop> Hops { get; set; } = Array.Empty<UpgradeHop>();

        public EnvironmentFingerprint Fingerprint { get; set; } = new EnvironmentFingerprint();

        public IReadOnlyList<UpgradePlanStep> Steps { get; set; } = Array.Empty<UpgradePlanStep>();

        public IReadOnlyList<StackDiff> StackDiffs { get; set; } = Array.Empty<StackDiff>();

        /// <summary>Things the reviewer should know that are not changes (no configuration stored, restores in progress, ...).</summary>
        public IReadOnlyList<string> Notes { get; set; } = Array.Empty<string>();

        /// <summary>True when the environment already runs the target version: nothing to do.</summary>
        public bool IsEmpty => Hops.Count == 0;

        /// <summary>"1.0.0 -> 2.0.0 -> 3.0.0".</summary>
        public string Path => string.Join(" -> ", new[] { FromVersion }.Concat(Hops.Select(h => h.To)));

        /// <summary>The plan as text: what -WhatIf prints and a reviewer reads.</summary>
        public string Describe()
        {
            var lines = new List<string> { $"Upgrade of environment '{Environment}' ({Region}): {Path}" };
            if (IsEmpty)
            {
                lines.Add($"Nothing to do: the pipeline already runs {ToVersion}.");
            }

            foreach (var hop in Hops)
            {
                lines.Add($"  hop {hop}: {hop.Notes}{(hop.IamStackFirst ? " (IAM stack first)" : string.Empty)}");
            }

            foreach (var step in Steps)
            {
                lines.Add($"  {step.Key}{(step.Hop == null ? string.Empty : " [" + step.Hop + "]")}{(step.InFreezeWindow ? " (intake frozen)" : string.Empty)}: {step.Description}");
                lines.AddRange(step.Changes.Select(c => "      " + c));
            }

            lines.AddRange(Notes.Select(n => "  note: " + n));
            return string.Join(System.Environment.NewLine, lines);
        }

        public override string ToString() => $"{Environment}: {Path} ({Steps.Count} steps)";
    }
}
