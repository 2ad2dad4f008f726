using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    public sealed class UpgradePlanFileTests
    {
        [Fact]
        public void A_plan_survives_the_round_trip_through_its_file_exactly()
        {
            var plan = Sample();
            var json = UpgradePlanFile.ToJson(plan);
            var back = UpgradePlanFile.FromJson(json, "plan.json");

            Assert.Equal(json, UpgradePlanFile.ToJson(back));
            Assert.Equal(plan.PlanId, back.PlanId);
            Assert.Equal(plan.Steps.Select(s => s.ToString()), back.Steps.Select(s => s.ToString()));
            Assert.Equal(plan.StackDiffs[0].Changes.Select(c => c.ToString()), back.StackDiffs[0].Changes.Select(c => c.ToString()));
            Assert.True(back.StackDiffs[0].Parameters.Single(p => p.Name == "ChatOpsWebhookUrl").KeepsPreviousValue);
            Assert.Empty(plan.Fingerprint.DifferencesFrom(back.Fingerprint));
            Assert.Equal(1, (int)JsonNode.Parse(json)!["format_version"]!);
            Assert.DoesNotContain("\r", json);
        }

        [Fact]
        public void The_plan_id_depends_on_the_content_but_not_on_when_it_was_made()
        {
            var plan = Sample();
            var later = Sample();
            later.CreatedAt = plan.CreatedAt.AddHours(1);
            Assert.Equal(UpgradePlanFile.ComputeId(plan), UpgradePlanFile.ComputeId(later));
            later.Fingerprint.MainTemplateSha256 = new string('f', 64);
            Assert.NotEqual(UpgradePlanFile.ComputeId(plan), UpgradePlanFile.ComputeId(later));
        }

        public static IEnumerable<object[]> DamagedPlans()
        {
            var json = UpgradePlanFile.ToJson(Sample());
            yield return new object[] { "{ not json", "not JSON" };
            yield return new object[] { "[]", "not a JSON object" };
            yield return new object[] { json.Replace("\"format_version\": 1", "\"format_version\": 2"), "format_version is 2" };
            yield return new object[] { json.Replace("\"to\": \"3.0.0\"", "\"to\": 3"), "'to' is missing or not a string" };
            yield return new object[] { json.Replace("002#lambda-package", "002#main-stack").Replace("\"name\": \"lambda-package\"", "\"name\": \"main-stack\""), "does not match its plan_id" };
            yield return new object[] { json.Replace("\"allow_multi_hop\": true,", string.Empty), "'allow_multi_hop' is missing" };
        }

        [Theory]
        [MemberData(nameof(DamagedPlans))]
        public void A_damaged_or_edited_plan_file_is_refused(string json, string problem)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => UpgradePlanFile.FromJson(json, "plan.json"));
            Assert.Equal(UpgradeErrorIds.UpgradePlanInvalid, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Equal("plan.json", error.Target);
            Assert.Contains(problem, error.Message);
        }

        [Fact]
        public void Fingerprint_differences_name_what_changed()
        {
            var planned = Sample().Fingerprint;
            var now = Sample().Fingerprint;
            now.MainStackVersion = "2.0.0";
            now.StateTableIndexes = new[] { "StatusIndex(status:HASH,updated_at:RANGE)" };
            var differences = planned.DifferencesFrom(now);
            Assert.Equal(2, differences.Count);
            Assert.Contains("main stack version: planned 1.0.0, now 2.0.0", differences);
            Assert.Contains(differences, d => d.StartsWith("state table indexes: planned , now StatusIndex", StringComparison.Ordinal));
        }

        internal static UpgradePlan Sample()
        {
            var hops = PipelineVersionCatalog.Default.Matrix.PathBetween("1.0.0", "3.0.0");
            var plan = new UpgradePlan
            {
                Environment = "staging",
                Region = "us-east-1",
                Account = "123456789012",
                FromVersion = "1.0.0",
                ToVersion = "3.0.0",
                CreatedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
                Hops = hops,
                Fingerprint = new EnvironmentFingerprint
                {
                    MainStackVersion = "1.0.0",
                    IamStackVersion = "1.0.0",
                    MainTemplateSha256 = new string('a', 64),
                    IamTemplateSha256 = new string('b', 64),
                },
                Steps = UpgradePlanner.Sequence(hops, PipelineVersionCatalog.Default).Select((s, i) => new UpgradePlanStep(i, s.Name, s.Hop?.ToString(), "does " + s.Name, new[] { "change of " + s.Name }, s.InFreezeWindow)).ToList(),
                StackDiffs = new[]
                {
                    new StackDiff
                    {
                        StackName = "aurora-restore-pipeline-staging",
                        Hop = "1.0.0 -> 2.0.0",
                        BeforeSource = "deployed",
                        BeforeTemplateSha256 = new string('a', 64),
                        AfterTemplateSha256 = new string('c', 64),
                        Changes = TemplateDiff.Compare("s", PipelineVersionCatalog.Default.Get("1.0.0").MainTemplateBody, PipelineVersionCatalog.Default.Get("2.0.0").MainTemplateBody),
                        Parameters = new[] { new ParameterChange("ArtifactKey", "lambda/1.0.0/a.zip", "lambda/2.0.0/b.zip", false), new ParameterChange("ChatOpsWebhookUrl", null, null, true) },
                        ChangeSet = new[] { "Modify SnapshotCheckFunction (AWS::Lambda::Function), replacement False" },
                    },
                },
                Notes = new[] { "no configuration stored" },
            };
            plan.PlanId = UpgradePlanFile.ComputeId(plan);
            return plan;
        }
    }
}
