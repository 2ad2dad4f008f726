using System;
using System.Collections.Generic;
using System.Globalization;

namespace AuroraRestore.Upgrades
{
    /// <summary>One step of an upgrade plan: what it is, which hop it belongs to, and what it changes.</summary>
    public sealed class UpgradePlanStep
    {
        public UpgradePlanStep(int index, string name, string? hop, string description, IReadOnlyList<string>? changes = null, bool inFreezeWindow = false)
        {
            Index = index;
            Name = name;
            Hop = hop;
            Description = description;
            Changes = changes ?? Array.Empty<string>();
            InFreezeWindow = inFreezeWindow;
        }

        public int Index { get; }

        public string Name { get; }

        /// <summary>"1.0.0 -> 2.0.0"; null for the run's own steps (preflight, backup, verify).</summary>
        public string? Hop { get; }

        /// <summary>The journal's sort key: "&lt;index, 3 digits&gt;#&lt;name&gt;".</summary>
        public string Key => Index.ToString("000", CultureInfo.InvariantCulture) + "#" + Name;

        public string Description { get; }

        /// <summary>What the step changes, one line each (resource and property changes for stack updates).</summary>
        public IReadOnlyList<string> Changes { get; }

        /// <summary>True for the steps run while new restores are refused (the switch-over).</summary>
        public bool InFreezeWindow { get; }

        public override string ToString() => $"{Key}{(Hop == null ? string.Empty : " [" + Hop + "]")}: {Description}";
    }
}
