using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Rollbacks;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Rollbacks
{
    /// <summary>The order of a rollback, computed from journals (pure, no AWS): every upgrade killed at every boundary, both methods, both paths.</summary>
    public sealed class RollbackPlannerTests
    {
        private static readonly PipelineVersionCatalog Catalog = PipelineVersionCatalog.Default;

        public static TheoryData<string, string> Paths => new TheoryData<string, string> { { "1.0.0", "2.0.0" }, { "2.0.0", "3.0.0" }, { "1.0.0", "3.0.0" } };

        [Fact]
        public void A_completed_2_0_to_3_0_run_switches_back_newest_first_then_the_IAM_stack_then_items_alarms_and_indexes()
        {
            var steps = Plan("2.0.0", "3.0.0", completed: int.MaxValue, RollbackMethod.ReverseMigration);

            Assert.Equal(
                new[]
                {
                    "undo-verify", "freeze-intake", "undo-thaw-intake", "undo-live-aliases", "undo-configuration", "undo-publish-versions", "undo-main-stack",
                    "undo-freeze-intake", "undo-lambda-package", "thaw-intake", "undo-iam-stack", "undo-state-migration", "undo-alarms", "undo-table-schema",
                    "undo-backup", "undo-preflight", "compare-items", "verify",
                },
                steps.Select(s => s.Name));
            Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Index));
            Assert.Equal(new[] { "freeze-intake", "undo-thaw-intake", "undo-live-aliases", "undo-configuration", "undo-publish-versions", "undo-main-stack", "undo-freeze-intake", "undo-lambda-package", "thaw-intake" }, steps.Where(s => s.InFreezeWindow).Select(s => s.Name));
            Assert.Equal("005#main-stack", steps.Single(s => s.Name == "undo-main-stack").Undoes);
            Assert.Equal("3.0.0 -> 2.0.0", steps.Single(s => s.Name == "undo-main-stack").Hop);
            Assert.Equal(new[] { "undo-live-aliases", "undo-configuration", "undo-main-stack", "undo-iam-stack", "undo-state-migration", "undo-alarms", "undo-table-schema" },
                steps.Where(s => s.Kind == RollbackStepKind.Undo).Select(s => s.Name));
        }

        [Theory]
        [MemberData(nameof(Paths))]
        public void After_a_kill_at_any_boundary_only_started_steps_are_undone_and_each_hop_goes_back_in_the_same_order(string from, string to)
        {
            var total = Sequence(from, to).Count;
            for (var completed = 0; completed <= total; completed++)
            {
                foreach (var method in new[] { RollbackMethod.ReverseMigration, RollbackMethod.FromBackup })
                {
                    var journal = Journal(from, to, completed);
                    var steps = Plan(from, to, completed, method);
                    var started = journal.Select(e => e.Key).ToHashSet();

                    // Every started upgrade step has exactly one inverse; nothing else is undone.
                    Assert.Equal(started.OrderBy(k => k), steps.Where(s => s.Undoes != null).Select(s => s.Undoes!).OrderBy(k => k));
                    Assert.Equal(new[] { "compare-items", "verify" }, steps.TakeLast(2).Select(s => s.Name));
                    Assert.Equal(method == RollbackMethod.FromBackup, steps.Any(s => s.Name == "restore-tables"));

                    foreach (var hop in steps.Where(s => s.UpgradeHop != null).Select(s => s.Hop).Distinct())
                    {
                        var names = steps.Where(s => s.Hop == hop).Select(s => s.Name).ToList();
                        int At(string name) => names.IndexOf(name);
                        if (At("undo-main-stack") >= 0)
                        {
                            Assert.True(At("freeze-intake") < At("undo-main-stack") && At("undo-main-stack") < At("thaw-intake"), hop);
                            Assert.True(At("undo-live-aliases") < 0 || At("undo-live-aliases") < At("undo-main-stack"), hop);
                            Assert.True(At("undo-iam-stack") < 0 || At("thaw-intake") < At("undo-iam-stack"), "the IAM stack goes back after the main stack: " + hop);
                            Assert.True(method == RollbackMethod.FromBackup || At("undo-state-migration") > At("thaw-intake"), "items go down once the older code serves: " + hop);
                        }

                        Assert.True(At("undo-table-schema") < 0 || At("undo-table-schema") > At("undo-state-migration"), hop);
                    }

                    // Hops go back newest first.
                    var hops = steps.Where(s => s.UpgradeHop != null).Select(s => s.UpgradeHop!.From).Distinct().ToList();
                    Assert.Equal(hops.OrderByDescending(v => v, StringComparer.Ordinal), hops);
                }
            }
        }

        [Fact]
        public void A_run_killed_after_its_main_stack_migrates_down_what_the_new_code_may_have_written()
        {
            var steps = Plan("1.0.0", "2.0.0", completed: 5, RollbackMethod.ReverseMigration);

            var down = steps.Single(s => s.Name == "undo-state-migration");
            Assert.Null(down.Undoes);
            Assert.Equal(RollbackStepKind.Undo, down.Kind);
            Assert.Contains("never started", down.Description);
            Assert.DoesNotContain(steps, s => s.Name == "undo-live-aliases");
            Assert.DoesNotContain(Plan("1.0.0", "2.0.0", completed: 3, RollbackMethod.ReverseMigration), s => s.Name == "undo-state-migration" || s.Name == "freeze-intake");
        }

        [Fact]
        public void FromBackup_replaces_the_down_migrations_with_one_restore_after_every_hop()
        {
            var steps = Plan("1.0.0", "3.0.0", completed: int.MaxValue, RollbackMethod.FromBackup);

            Assert.All(steps.Where(s => s.Name == "undo-state-migration"), s => Assert.Equal(RollbackStepKind.NothingToUndo, s.Kind));
            Assert.Equal(2, steps.Count(s => s.Name == "undo-state-migration"));
            Assert.Equal(new[] { "restore-tables", "compare-items", "verify" }, steps.TakeLast(3).Select(s => s.Name));
        }

        [Fact]
        public void A_journal_step_without_a_known_inverse_is_refused()
        {
            var journal = Journal("1.0.0", "2.0.0", int.MaxValue).Append(Entry("099#reindex-everything", "1.0.0 -> 2.0.0")).ToList();

            var error = Assert.Throws<AuroraRestoreException>(() => RollbackPlanner.Steps(Catalog.Matrix.PathBetween("1.0.0", "2.0.0"), journal, true, RollbackMethod.ReverseMigration));

            Assert.Equal(RollbackErrorIds.UnknownUpgradeStep, error.ErrorId);
            Assert.Equal("099#reindex-everything", error.Target);
        }

        private static IReadOnlyList<RollbackPlanStep> Plan(string from, string to, int completed, RollbackMethod method)
            => RollbackPlanner.Steps(Catalog.Matrix.PathBetween(from, to).Reverse().ToList(), Journal(from, to, completed), true, method);

        private static IReadOnlyList<(string Key, string? Hop)> Sequence(string from, string to)
            => UpgradePlanner.Sequence(Catalog.Matrix.PathBetween(from, to), Catalog)
                .Select((s, i) => (i.ToString("000", CultureInfo.InvariantCulture) + "#" + s.Name, s.Hop?.ToString())).ToList();

        /// <summary>The journal of a run killed after <paramref name="completed"/> steps: those completed, the next one started.</summary>
        private static List<JournalEntry> Journal(string from, string to, int completed)
            => Sequence(from, to).Take(completed == int.MaxValue ? int.MaxValue : completed + 1)
                .Select((s, i) => Entry(s.Key, s.Hop, i < completed ? JournalEntry.Completed : JournalEntry.Started)).ToList();

        private static JournalEntry Entry(string key, string? hop, string status = JournalEntry.Completed)
        {
            var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["status"] = new AttributeValue { S = status } };
            if (hop != null)
            {
                values["hop"] = new AttributeValue { S = hop };
            }

            return new JournalEntry("run-1", key, values, 1);
        }
    }
}
