using System.Linq;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>The steps of each hop, in the migration guide's order.</summary>
    public sealed class UpgradeSequenceTests
    {
        private static readonly PipelineVersionCatalog Catalog = PipelineVersionCatalog.Default;

        [Fact]
        public void One_0_to_3_0_is_two_hops_each_in_the_guides_order()
        {
            var steps = UpgradePlanner.Sequence(Catalog.Matrix.PathBetween("1.0.0", "3.0.0"), Catalog).Select(s => $"{s.Hop?.ToString() ?? "run"}: {s.Name}").ToList();

            Assert.Equal(
                new[]
                {
                    "run: preflight", "run: backup",
                    "1.0.0 -> 2.0.0: lambda-package", "1.0.0 -> 2.0.0: freeze-intake", "1.0.0 -> 2.0.0: main-stack", "1.0.0 -> 2.0.0: publish-versions",
                    "1.0.0 -> 2.0.0: live-aliases", "1.0.0 -> 2.0.0: thaw-intake", "1.0.0 -> 2.0.0: iam-stack", "1.0.0 -> 2.0.0: table-schema",
                    "1.0.0 -> 2.0.0: alarms", "1.0.0 -> 2.0.0: state-migration",
                    "2.0.0 -> 3.0.0: iam-stack", "2.0.0 -> 3.0.0: lambda-package", "2.0.0 -> 3.0.0: freeze-intake", "2.0.0 -> 3.0.0: main-stack",
                    "2.0.0 -> 3.0.0: publish-versions", "2.0.0 -> 3.0.0: configuration", "2.0.0 -> 3.0.0: live-aliases", "2.0.0 -> 3.0.0: thaw-intake",
                    "2.0.0 -> 3.0.0: table-schema", "2.0.0 -> 3.0.0: alarms", "2.0.0 -> 3.0.0: state-migration",
                    "run: verify",
                },
                steps);
        }

        [Fact]
        public void The_freeze_window_holds_the_switch_over_only_never_a_step_that_grows_with_the_tables()
        {
            var steps = UpgradePlanner.Sequence(Catalog.Matrix.PathBetween("1.0.0", "3.0.0"), Catalog);
            var frozen = steps.Where(s => s.InFreezeWindow).Select(s => s.Name).Distinct().OrderBy(n => n).ToList();

            Assert.Equal(new[] { "configuration", "freeze-intake", "live-aliases", "main-stack", "publish-versions", "thaw-intake" }, frozen);
            Assert.DoesNotContain(steps, s => s.InFreezeWindow && (s.Name == UpgradeStepNames.StateMigration || s.Name == UpgradeStepNames.TableSchema || s.Name == UpgradeStepNames.Backup));
        }

        [Fact]
        public void Each_step_that_moves_aliases_comes_after_the_stack_that_deploys_the_code_and_the_publish()
        {
            foreach (var hop in Catalog.Matrix.PathBetween("1.0.0", "3.0.0"))
            {
                var names = UpgradePlanner.Sequence(new[] { hop }, Catalog).Select(s => s.Name).ToList();
                Assert.True(names.IndexOf(UpgradeStepNames.LambdaPackage) < names.IndexOf(UpgradeStepNames.MainStack));
                Assert.True(names.IndexOf(UpgradeStepNames.MainStack) < names.IndexOf(UpgradeStepNames.PublishVersions));
                Assert.True(names.IndexOf(UpgradeStepNames.PublishVersions) < names.IndexOf(UpgradeStepNames.LiveAliases));
                Assert.True(names.IndexOf(UpgradeStepNames.TableSchema) < names.IndexOf(UpgradeStepNames.StateMigration));
                Assert.Equal(hop.IamStackFirst, names.IndexOf(UpgradeStepNames.IamStack) < names.IndexOf(UpgradeStepNames.MainStack));
            }
        }
    }
}
