using System;
using System.Linq;
using System.Threading.Tasks;
using AuroraRestore.Rollbacks;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Upgrades;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Rollbacks
{
    /// <summary>
    /// An upgrade killed at each step boundary in turn (in-process: the engine stops right after the step's journal record,
    /// as a killed process would), then undone: every time, the environment ends as the clean 1.0.0 pipeline it was, read
    /// through boto3 and a raw SDK client (the control table too), with the run rolled back, the lock released and intake open.
    /// </summary>
    public sealed class RollbackBoundaryTests : IClassFixture<MotoServer>, IDisposable
    {
        private readonly RollbackTestBed bed;

        public RollbackBoundaryTests(MotoServer moto) => bed = new RollbackTestBed(moto);

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task An_upgrade_killed_after_each_step_or_failed_and_undone_ends_every_time_as_the_clean_1_0_pipeline()
        {
            var env = await bed.InstallAsync("rbkill", "1.0.0");
            var before = bed.Observe(env);
            var keys = UpgradePlanner.Sequence(PipelineVersionCatalog.Default.Matrix.PathBetween("1.0.0", "2.0.0"), PipelineVersionCatalog.Default).Select((s, i) => i.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + "#" + s.Name).ToList();
            Assert.Equal(13, keys.Count);

            foreach (var key in keys)
            {
                var killed = await bed.UpgradeAsync(env, "2.0.0", abandonAfter: k => k == key);
                Assert.Equal(UpgradeResult.AbandonedStatus, killed.Status);
                Assert.Equal(key, killed.Steps[^1].Key);

                var undone = await bed.UndoAsync(env, compare: false);
                var after = bed.Observe(env);

                Assert.Equal(RollbackResult.CompletedStatus, undone.Status);
                Assert.Equal("running", undone.UpgradeStatus);
                Assert.True(undone.Verified, key);
                Assert.Equal(before.Shape, after.Shape);
                RollbackTestBed.AssertItems(before, after, env, Array.Empty<string>(), format: 1);
                Assert.Equal("rolled_back", bed.ControlItem(env, "upgrade", "current")!["status"].S);
                Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
                Assert.Null(bed.ControlItem(env, "freeze", "intake"));

                // Only what started is undone: no inverse for a step the killed run never reached.
                var reached = killed.Steps.Select(s => s.Key).ToHashSet();
                Assert.All(undone.Steps.Where(s => s.Undoes != null), s => Assert.Contains(s.Undoes!, reached));
            }

            // A failed upgrade (a function's publish refused, half of them published, intake frozen, the lock kept with
            // the failure) is undone the same way.
            var failing = new FailingPublishLambda(bed.Upgrades.Aws.Lambda, env.FunctionName("verify-restore"), failures: 1);
            var error = await Assert.ThrowsAsync<Common.AuroraRestoreException>(() => bed.UpgradeAsync(env, "2.0.0", lambda: failing));
            Assert.Equal(UpgradeErrorIds.UpgradeStepFailed, error.ErrorId);
            var rolledBack = await bed.UndoAsync(env, compare: false);
            var end = bed.Observe(env);
            Assert.Equal(("failed", RollbackResult.CompletedStatus), (rolledBack.UpgradeStatus, rolledBack.Status));
            Assert.Equal(before.Shape, end.Shape);
            RollbackTestBed.AssertItems(before, end, env, Array.Empty<string>(), format: 1);
            Assert.Null(bed.ControlItem(env, "freeze", "intake"));
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
        }
    }
}
