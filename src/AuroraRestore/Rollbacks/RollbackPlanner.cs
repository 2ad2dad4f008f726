using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// Lays out a rollback from an upgrade run's journal (pure: no AWS). Hops are undone newest first; every upgrade step
    /// that started (completed, failed or interrupted: it may have changed something) gets an inverse, steps that never
    /// started get none. Within a hop:
    /// <list type="number">
    /// <item>the switch-back, newest step first, inside an intake freeze of the rollback's own: live aliases, configuration,
    /// main stack (and the records of the package, freeze, publish steps, which leave nothing to undo);</item>
    /// <item>the IAM stack, always after the main stack, so that code never runs without the permissions it needs;</item>
    /// <item>the items, alarms and indexes, newest first, once the older code serves again: the older code then writes
    /// the older formats while the down migration converts the rest (run the other way round, the newer code would keep
    /// writing newer-format items behind the migration), and no index is dropped while code that queries it still runs.
    /// The down migration also runs when the hop's state migration never started but its newer code went live (it may
    /// have written newer-format items).</item>
    /// </list>
    /// Then the run's own records (back to the run's start), FromBackup's table restore, the item comparison and the
    /// verification as the older version.
    /// </summary>
    public static class RollbackPlanner
    {
        /// <summary>Upgrade steps undone in the switch-back, inside the rollback's freeze (their journal order reversed).</summary>
        private static readonly HashSet<string> SwitchOver = new HashSet<string>(StringComparer.Ordinal)
        {
            UpgradeStepNames.LambdaPackage, UpgradeStepNames.FreezeIntake, UpgradeStepNames.MainStack, UpgradeStepNames.PublishVersions,
            UpgradeStepNames.Configuration, UpgradeStepNames.LiveAliases, UpgradeStepNames.ThawIntake,
        };

        /// <summary>The switch-back steps that change what runs; a hop with none of them started needs no freeze.</summary>
        private static readonly HashSet<string> Switching = new HashSet<string>(StringComparer.Ordinal)
        {
            UpgradeStepNames.MainStack, UpgradeStepNames.Configuration, UpgradeStepNames.LiveAliases,
        };

        /// <summary>Steps that move items, alarms and indexes, undone after the switch-back.</summary>
        private static readonly HashSet<string> Data = new HashSet<string>(StringComparer.Ordinal)
        {
            UpgradeStepNames.TableSchema, UpgradeStepNames.Alarms, UpgradeStepNames.StateMigration,
        };

        private static readonly HashSet<string> RunSteps = new HashSet<string>(StringComparer.Ordinal)
        {
            UpgradeStepNames.Preflight, UpgradeStepNames.Backup, UpgradeStepNames.Verify,
        };

        /// <param name="hops">The upgrade hops to undo, newest first.</param>
        /// <param name="journal">The upgrade run's journal records (any order).</param>
        /// <param name="toRunStart">True when the rollback goes back to the run's start (the run's own steps are recorded too).</param>
        /// <param name="method">How the items come back.</param>
        /// <exception cref="AuroraRestoreException">UnknownUpgradeStep: the journal holds a step with no known inverse.</exception>
        public static IReadOnlyList<RollbackPlanStep> Steps(IReadOnlyList<UpgradeHop> hops, IReadOnlyList<JournalEntry> journal, bool toRunStart, RollbackMethod method)
        {
            var unknown = journal.FirstOrDefault(e => !SwitchOver.Contains(e.Name) && !Data.Contains(e.Name) && !RunSteps.Contains(e.Name) && e.Name != UpgradeStepNames.IamStack);
            if (unknown != null)
            {
                throw new AuroraRestoreException(
                    RollbackErrorIds.UnknownUpgradeStep, FailureCategory.InvalidData, unknown.Key,
                    $"The upgrade journal of run {unknown.RunId} holds step {unknown.Key}, which this module does not know how to undo.",
                    "Roll back with the module version that ran the upgrade.");
            }

            var steps = new List<RollbackPlanStep>();
            void Add(string name, UpgradeHop? hop, JournalEntry? undoes, RollbackStepKind kind, string description, bool frozen = false)
                => steps.Add(new RollbackPlanStep(steps.Count, name, hop, undoes?.Key, undoes?.Status, kind, description, frozen));

            var newestFirst = journal.OrderByDescending(e => e.Index).ToList();
            if (toRunStart)
            {
                foreach (var verify in newestFirst.Where(e => e.Hop == null && e.Name == UpgradeStepNames.Verify))
                {
                    Add(RollbackStepNames.Undo(verify.Name), null, verify, RollbackStepKind.NothingToUndo, "nothing to undo: the upgrade's verification changed nothing");
                }
            }

            foreach (var hop in hops)
            {
                var entries = newestFirst.Where(e => e.Hop == hop.ToString()).ToList();
                if (entries.Count == 0)
                {
                    continue;
                }

                var switchBack = entries.Where(e => SwitchOver.Contains(e.Name)).ToList();
                var frozen = switchBack.Any(e => Switching.Contains(e.Name));
                if (frozen)
                {
                    Add(RollbackStepNames.FreezeIntake, hop, null, RollbackStepKind.Rollback, "intake frozen (Start-AuroraRestore refuses new restores) while the pipeline switches back", frozen: true);
                }

                foreach (var entry in switchBack)
                {
                    Add(RollbackStepNames.Undo(entry.Name), hop, entry, Switching.Contains(entry.Name) ? RollbackStepKind.Undo : RollbackStepKind.NothingToUndo, Describe(entry.Name, hop, method), frozen);
                }

                if (frozen)
                {
                    Add(RollbackStepNames.ThawIntake, hop, null, RollbackStepKind.Rollback, "intake reopened", frozen: true);
                }

                foreach (var entry in entries.Where(e => e.Name == UpgradeStepNames.IamStack))
                {
                    Add(RollbackStepNames.Undo(entry.Name), hop, entry, RollbackStepKind.Undo, Describe(entry.Name, hop, method));
                }

                var data = entries.Where(e => Data.Contains(e.Name)).ToList();
                var newCodeRan = entries.Any(e => e.Name == UpgradeStepNames.MainStack || e.Name == UpgradeStepNames.LiveAliases);
                if (method == RollbackMethod.ReverseMigration && newCodeRan && data.All(e => e.Name != UpgradeStepNames.StateMigration))
                {
                    Add(RollbackStepNames.Undo(UpgradeStepNames.StateMigration), hop, null, RollbackStepKind.Undo,
                        $"state and audit items the {hop.To} code may have written migrated down to {hop.From}'s formats (the hop's state migration never started)");
                }

                foreach (var entry in data)
                {
                    var kind = entry.Name == UpgradeStepNames.StateMigration && method == RollbackMethod.FromBackup ? RollbackStepKind.NothingToUndo : RollbackStepKind.Undo;
                    Add(RollbackStepNames.Undo(entry.Name), hop, entry, kind, Describe(entry.Name, hop, method));
                }
            }

            if (toRunStart)
            {
                foreach (var entry in newestFirst.Where(e => e.Hop == null && e.Name != UpgradeStepNames.Verify))
                {
                    Add(RollbackStepNames.Undo(entry.Name), null, entry, RollbackStepKind.NothingToUndo, Describe(entry.Name, null, method));
                }
            }

            if (method == RollbackMethod.FromBackup)
            {
                Add(RollbackStepNames.RestoreTables, null, null, RollbackStepKind.Rollback, "both tables made the upgrade's backup set again (Restore-RestoreState: a safety set of the current items first)");
            }

            Add(RollbackStepNames.CompareItems, null, null, RollbackStepKind.Rollback, "checksums of both tables; every item of the upgrade's backup set compared with the live one");
            Add(RollbackStepNames.Verify, null, null, RollbackStepKind.Rollback, "the pipeline verified as the version it went back to (Test-RestorePipeline's checks, without the sample restore)");
            return steps;
        }

        private static string Describe(string upgradeStep, UpgradeHop? hop, RollbackMethod method) => upgradeStep switch
        {
            UpgradeStepNames.LiveAliases => "live aliases back to the function versions they were on before the upgrade (instant: those versions still exist)",
            UpgradeStepNames.Configuration => "configuration document back to the one stored before the upgrade",
            UpgradeStepNames.MainStack => $"main stack back to its template and parameters from before the upgrade (state machine definition, $LATEST code and configuration of {hop?.From}); NoEcho parameters kept with UsePreviousValue",
            UpgradeStepNames.IamStack => $"IAM stack back to its template and parameters of {hop?.From}, after the main stack",
            UpgradeStepNames.TableSchema => $"table indexes back to {hop?.From}'s",
            UpgradeStepNames.Alarms => "alarms back to those there were before the upgrade",
            UpgradeStepNames.StateMigration => method == RollbackMethod.FromBackup
                ? "nothing to undo here: the tables are restored from the backup set at the end"
                : $"state and audit items migrated down from {hop?.To} to {hop?.From}'s formats (restores created since the upgrade are kept, in the older format)",
            UpgradeStepNames.PublishVersions => "nothing to undo: the published versions stay (the live aliases decide what runs)",
            UpgradeStepNames.LambdaPackage => "nothing to undo: the package stays in the artifact bucket",
            UpgradeStepNames.FreezeIntake or UpgradeStepNames.ThawIntake => "nothing to undo: the rollback freezes intake itself around its switch-back and lifts any freeze of the run at its end",
            UpgradeStepNames.Backup => "nothing to undo: the backup set is kept",
            UpgradeStepNames.Preflight => "nothing to undo: the preflight changed nothing",
            _ => "nothing to undo",
        };
    }
}
