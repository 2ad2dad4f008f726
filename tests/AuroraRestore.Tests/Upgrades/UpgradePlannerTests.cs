using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>The planner on real installs: what it reads, what it shows, and the change set path.</summary>
    [Collection(InstalledPipelinesCollection.Name)]
    public sealed class UpgradePlannerTests
    {
        private readonly UpgradeFixture fixture;

        public UpgradePlannerTests(UpgradeFixture fixture) => this.fixture = fixture;

        private UpgradeTestBed Bed => fixture.Bed;

        [Fact]
        public async Task A_plan_of_a_1_0_install_diffs_the_deployed_stacks_and_fingerprints_what_it_read()
        {
            using var services = Bed.Services();
            var planner = new UpgradePlanner(services);
            var plan = await planner.PlanAsync(fixture.V1, "3.0.x", true, false, Bed.Package, CancellationToken.None);

            Assert.Equal("1.0.0 -> 2.0.0 -> 3.0.0", plan.Path);
            Assert.Equal(24, plan.Steps.Count);
            Assert.Equal(plan.PlanId, UpgradePlanFile.ComputeId(plan));
            Assert.Empty(plan.Fingerprint.DifferencesFrom(await planner.FingerprintAsync(fixture.V1, CancellationToken.None)));

            var main = plan.StackDiffs.First(d => d.StackName == fixture.V1.MainStackName);
            Assert.Equal("deployed", main.BeforeSource);
            // The installer deployed the catalog's 1.0.0 body, which moto gives back byte for byte.
            Assert.Equal(UpgradePlanFile.Sha256(PipelineVersionCatalog.Default.Get("1.0.0").MainTemplateBody), main.BeforeTemplateSha256);
            var key = main.Parameters.Single(p => p.Name == PipelineStackParameters.ArtifactKey);
            Assert.StartsWith("lambda/1.0.0/", key.Before);
            Assert.StartsWith("lambda/2.0.0/", key.After);
            Assert.True(main.Parameters.Single(p => p.Name == PipelineStackParameters.ChatOpsWebhookUrl).KeepsPreviousValue);
            Assert.Null(main.ChangeSet);
            var schema = plan.Steps.First(s => s.Name == UpgradeStepNames.TableSchema);
            Assert.Contains(schema.Changes, c => c.Contains("CreateIndex StatusIndex"));
            Assert.Contains(plan.Steps, s => s.Name == UpgradeStepNames.Configuration && s.Changes.Any(c => c.StartsWith("adds metrics_namespace")));
        }

        [Fact]
        public async Task With_a_change_set_each_first_hop_stack_gets_CloudFormations_view_and_the_change_set_is_deleted()
        {
            var cloudFormation = new StackStatusOverride(Bed.Aws.CloudFormation, "none", "CREATE_COMPLETE")
            {
                ScriptedChangeSet = new[] { new ResourceChange { Action = "Modify", LogicalResourceId = "SnapshotCheckFunction", ResourceType = "AWS::Lambda::Function", Replacement = "False" } },
            };
            using var services = Bed.Services(cloudFormation);
            var plan = await new UpgradePlanner(services).PlanAsync(fixture.V1, "3.0.0", true, true, Bed.Package, CancellationToken.None);

            var firstHop = plan.StackDiffs.Where(d => d.Hop == "1.0.0 -> 2.0.0").ToList();
            Assert.Equal(2, firstHop.Count);
            Assert.All(firstHop, d => Assert.Equal(new[] { "Modify SnapshotCheckFunction (AWS::Lambda::Function), replacement False" }, d.ChangeSet));
            Assert.All(plan.StackDiffs.Where(d => d.Hop == "2.0.0 -> 3.0.0"), d => Assert.Null(d.ChangeSet));
            Assert.Equal(2, cloudFormation.ChangeSetsCreated.Count);
            Assert.Equal(cloudFormation.ChangeSetsCreated, cloudFormation.ChangeSetsDeleted);
            Assert.Contains(plan.Steps.First(s => s.Name == UpgradeStepNames.MainStack).Changes, c => c.StartsWith("change set: Modify SnapshotCheckFunction"));
        }

        [Fact(Skip = "moto 5.2.1 cannot create change sets on existing stacks (docs/upgrades.md); the path is covered with scripted answers above")]
        public async Task With_a_change_set_against_moto()
        {
            using var services = Bed.Services();
            var plan = await new UpgradePlanner(services).PlanAsync(fixture.V1, "2.0.0", true, true, Bed.Package, CancellationToken.None);
            Assert.NotNull(plan.StackDiffs[0].ChangeSet);
        }

        [Fact]
        public async Task A_stack_deployed_from_YAML_is_refused_naming_the_stack()
        {
            var env = PipelineEnvironment.Named("yamlstack");
            var template = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ar-yaml-" + System.Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(template, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  PipelineVersion:\n    Value: '1.0.0'\n");
            Bed.Cli("cloudformation", "create-stack", "--stack-name", env.MainStackName, "--template-body", "file://" + template, "--tags", "Key=aurora-restore:version,Value=1.0.0");
            System.IO.File.Delete(template);
            using var services = Bed.Services();

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new UpgradePlanner(services).PlanAsync(env, "2.0.0", true, false, Bed.Package, CancellationToken.None));

            Assert.Equal(UpgradeErrorIds.TemplateNotJson, error.ErrorId);
            Assert.Equal(env.MainStackName, error.Target);
            Assert.Contains("YAML", error.Message);
        }
    }
}
