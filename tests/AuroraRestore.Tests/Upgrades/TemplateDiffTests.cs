using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    public sealed class TemplateDiffTests
    {
        private static readonly PipelineVersionCatalog Catalog = PipelineVersionCatalog.Default;

        [Fact]
        public void Identical_templates_have_no_difference()
        {
            var body = Catalog.Get("2.0.0").MainTemplateBody;
            Assert.Empty(TemplateDiff.Compare("s", body, body));
        }

        [Fact]
        public void The_1_0_to_2_0_main_stack_diff_names_each_changed_property_of_each_resource()
        {
            var changes = TemplateDiff.Compare("main", Catalog.Get("1.0.0").MainTemplateBody, Catalog.Get("2.0.0").MainTemplateBody);

            var version = changes.Single(c => c.LogicalId == "SnapshotCheckFunction" && c.Path == "Properties.Environment.Variables.AURORA_RESTORE_PIPELINE_VERSION");
            Assert.Equal("Resources", version.Section);
            Assert.Equal("AWS::Lambda::Function", version.ResourceType);
            Assert.Equal(TemplateChange.Modify, version.Action);
            Assert.Equal("\"1.0.0\"", version.Before);
            Assert.Equal("\"2.0.0\"", version.After);
            Assert.Contains(changes, c => c.ResourceType == "AWS::StepFunctions::StateMachine" && c.Path.StartsWith("Properties.DefinitionString", System.StringComparison.Ordinal));
            Assert.Contains(changes, c => c.Section == "Outputs" && c.LogicalId == "PipelineVersion");

            // Tables never change through CloudFormation: no change may touch them.
            Assert.DoesNotContain(changes, c => c.ResourceType == "AWS::DynamoDB::Table");
        }

        [Fact]
        public void The_2_0_to_3_0_IAM_diff_adds_the_CloudWatch_metrics_permission()
        {
            var changes = TemplateDiff.Compare("iam", Catalog.Get("2.0.0").IamTemplateBody, Catalog.Get("3.0.0").IamTemplateBody);
            Assert.Contains(changes, c => c.LogicalId == "LambdaPolicy" && (c.After ?? string.Empty).Contains("cloudwatch:PutMetricData"));
        }

        [Fact]
        public void Added_and_removed_entries_and_properties_are_reported_as_such()
        {
            const string before = "{\"Parameters\":{\"A\":{\"Type\":\"String\"}},\"Resources\":{\"Old\":{\"Type\":\"AWS::SNS::Topic\"},\"Kept\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"DelaySeconds\":1,\"Tags\":[{\"Key\":\"a\",\"Value\":\"1\"}]}}}}";
            const string after = "{\"Description\":\"new\",\"Resources\":{\"New\":{\"Type\":\"AWS::SNS::Topic\"},\"Kept\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"VisibilityTimeout\":5,\"Tags\":[{\"Key\":\"a\",\"Value\":\"2\"}]}}}}";

            var changes = TemplateDiff.Compare("s", before, after).Select(c => $"{c.Section}/{c.LogicalId}/{c.Action}/{c.Path}").ToList();

            Assert.Equal(
                new[]
                {
                    "Template//Add/Description",
                    "Parameters/A/Remove/",
                    "Resources/Kept/Remove/Properties.DelaySeconds",
                    "Resources/Kept/Modify/Properties.Tags[0].Value",
                    "Resources/Kept/Add/Properties.VisibilityTimeout",
                    "Resources/New/Add/",
                    "Resources/Old/Remove/",
                },
                changes);
        }

        [Fact]
        public void A_list_whose_length_changes_is_one_change_with_both_values()
        {
            var change = Assert.Single(TemplateDiff.Compare("s", "{\"Resources\":{\"R\":{\"Type\":\"T\",\"Properties\":{\"L\":[1,2]}}}}", "{\"Resources\":{\"R\":{\"Type\":\"T\",\"Properties\":{\"L\":[1,2,3]}}}}"));
            Assert.Equal("Properties.L", change.Path);
            Assert.Equal("[1,2]", change.Before);
            Assert.Equal("[1,2,3]", change.After);
        }

        [Theory]
        [InlineData("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", "YAML")]
        [InlineData("[1, 2]", "not a JSON object")]
        public void A_template_that_is_not_a_JSON_object_is_refused_naming_the_stack(string body, string what)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => TemplateDiff.Compare("aurora-restore-pipeline", body, "{}"));
            Assert.Equal(UpgradeErrorIds.TemplateNotJson, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Equal("aurora-restore-pipeline", error.Target);
            Assert.Contains(what, error.Message);
            Assert.Contains("aurora-restore-pipeline", error.Message);
        }
    }
}
