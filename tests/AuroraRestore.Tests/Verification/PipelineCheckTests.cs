using System.Linq;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Pipelines;
using AuroraRestore.Verification;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Verification
{
    public sealed class PipelineCheckTests
    {
        private static VerificationTarget Target()
            => new VerificationTarget(PipelineEnvironment.Named("staging"), PipelineVersionCatalog.Default.Get("2.0.0"), "2.0.0", new StackDescription { StackName = "aurora-restore-pipeline-staging" }, null, "0123abcd");

        [Fact]
        public void A_check_without_problems_passes_and_one_with_problems_fails_listing_them()
        {
            var pass = PipelineCheck.FromProblems(CheckNames.TableSchema, Target(), new string[0], "all fine", "fix it");
            Assert.True(pass.Passed);
            Assert.Equal(CheckOutcome.Passed, pass.Outcome);
            Assert.Null(pass.Fix);
            Assert.Equal("staging", pass.Environment);
            Assert.Equal("2.0.0", pass.Version);

            var fail = PipelineCheck.FromProblems(CheckNames.TableSchema, Target(), new[] { "a", "b" }, "all fine", "fix it");
            Assert.False(fail.Passed);
            Assert.Equal(CheckOutcome.Failed, fail.Outcome);
            Assert.Equal("a; b", fail.Detail);
            Assert.Equal(new[] { "a", "b" }, fail.Problems);
            Assert.Equal("fix it", fail.Fix);
        }

        [Fact]
        public void A_skipped_check_is_neither_passed_nor_failed()
        {
            var skipped = PipelineCheck.Skip(CheckNames.SampleRestore, Target(), "not asked");
            Assert.False(skipped.Passed);
            Assert.Equal(CheckOutcome.Skipped, skipped.Outcome);
        }

        [Fact]
        public void The_five_checks_follow_the_migration_guide_s_order()
        {
            Assert.Equal(new[] { "FunctionVersions", "StateMachineExecution", "TableSchema", "SampleRestore", "Monitoring" }, CheckNames.All.ToArray());
        }
    }
}
