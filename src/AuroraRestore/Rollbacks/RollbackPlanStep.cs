using System.Globalization;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks
{
    /// <summary>One step of a rollback: which upgrade step it undoes (if any), in which hop, and what it does.</summary>
    public sealed class RollbackPlanStep
    {
        public RollbackPlanStep(int index, string name, UpgradeHop? upgradeHop, string? undoes, string? undoesStatus, RollbackStepKind kind, string description, bool inFreezeWindow)
        {
            Index = index;
            Name = name;
            UpgradeHop = upgradeHop;
            Undoes = undoes;
            UndoesStatus = undoesStatus;
            Kind = kind;
            Description = description;
            InFreezeWindow = inFreezeWindow;
        }

        public int Index { get; }

        /// <summary>undo-&lt;upgrade step&gt;, or one of the rollback's own steps (RollbackStepNames).</summary>
        public string Name { get; }

        /// <summary>The rollback journal's sort key: "&lt;index, 3 digits&gt;#&lt;name&gt;".</summary>
        public string Key => Index.ToString("000", CultureInfo.InvariantCulture) + "#" + Name;

        /// <summary>The upgrade hop this step undoes (null for the run's own steps and the rollback's final ones).</summary>
        public UpgradeHop? UpgradeHop { get; }

        /// <summary>The hop as the rollback walks it: "2.0.0 -> 1.0.0".</summary>
        public string? Hop => UpgradeHop == null ? null : $"{UpgradeHop.To} -> {UpgradeHop.From}";

        /// <summary>The upgrade journal key of the step undone ("004#main-stack"), or null.</summary>
        public string? Undoes { get; }

        /// <summary>That upgrade step's status when the rollback was planned: started, completed or failed.</summary>
        public string? UndoesStatus { get; }

        public RollbackStepKind Kind { get; }

        public string Description { get; }

        /// <summary>True for the steps run while new restores are refused (the switch-back).</summary>
        public bool InFreezeWindow { get; }

        public override string ToString() => $"{Key}{(Hop == null ? string.Empty : " [" + Hop + "]")}: {Description}";
    }
}
