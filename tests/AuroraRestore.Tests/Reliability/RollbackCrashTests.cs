using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AuroraRestore.Rollbacks;
using AuroraRestore.Tests.Rollbacks;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using Xunit;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// A rollback of a 1.0.0 → 3.0.0 upgrade stopped after every one of its steps in turn, as if its process were killed
    /// there (the engine stops right after the step's journal record and keeps the lock in the name of a process of this
    /// host that no longer runs), each time resumed by the next invocation: it ends as the clean 1.0.0 pipeline it was,
    /// read through boto3 and a raw SDK client. The real-process SIGKILL at every rollback boundary is the Soak test in
    /// tests/pester/Reliability.Tests.ps1; Undo-RestoreUpgrade.Tests.ps1 kills one for real in the default suite.
    /// </summary>
    public sealed class RollbackCrashTests : IClassFixture<MotoServer>, System.IDisposable
    {
        private readonly RollbackTestBed bed;

        public RollbackCrashTests(MotoServer moto) => bed = new RollbackTestBed(moto);

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task A_rollback_killed_after_every_step_and_resumed_each_time_ends_as_the_clean_1_0_pipeline()
        {
            var env = await bed.InstallAsync("rcrash", "1.0.0");
            var before = bed.Observe(env);
            Assert.Equal(UpgradeResult.CompletedStatus, (await bed.UpgradeAsync(env, "3.0.0")).Status);

            var invocations = new List<RollbackResult>();
            for (var attempt = 1; attempt <= 40; attempt++)
            {
                var result = await bed.UndoAsync(env, abandonAfter: _ => true, compare: false);
                invocations.Add(result);
                if (result.Status == RollbackResult.CompletedStatus)
                {
                    break;
                }

                Assert.Equal(RollbackResult.AbandonedStatus, result.Status);
                Assert.Equal(attempt, result.Steps.Count(s => s.Status == RollbackStepResult.AlreadyDoneStatus) + 1);
                Assert.NotNull(bed.ControlItem(env, "lock", "upgrade"));
            }

            var last = invocations[^1];
            Assert.Equal(RollbackResult.CompletedStatus, last.Status);
            Assert.True(invocations.Count > 10, $"{invocations.Count} invocations: every step should have been a boundary");
            Assert.All(invocations.Skip(1), i => Assert.True(i.Resumed));
            Assert.True(last.Verified);
            var after = bed.Observe(env);
            Assert.Equal(before.Shape, after.Shape);
            RollbackTestBed.AssertItems(before, after, env, System.Array.Empty<string>(), format: 1);
            Assert.Equal("rolled_back", bed.ControlItem(env, "upgrade", "current")!["status"].S);
            Assert.Null(bed.ControlItem(env, "lock", "upgrade"));
            Assert.Null(bed.ControlItem(env, "freeze", "intake"));
        }
    }
}
