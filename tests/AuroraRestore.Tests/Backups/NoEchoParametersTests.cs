using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Backups;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Backups
{
    public sealed class NoEchoParametersTests
    {
        [Fact]
        public void The_shipped_main_template_declares_exactly_the_webhook_as_NoEcho()
        {
            foreach (var version in PipelineVersionCatalog.Default.Versions)
            {
                Assert.Equal(new[] { PipelineStackParameters.ChatOpsWebhookUrl }, NoEchoParameters.Read(version.MainTemplateBody)!.ToArray());
                Assert.Empty(NoEchoParameters.Read(version.IamTemplateBody)!);
            }
        }

        [Fact]
        public void NoEcho_as_a_string_counts_too()
        {
            var template = "{\"Parameters\":{\"A\":{\"Type\":\"String\",\"NoEcho\":\"TRUE\"},\"B\":{\"Type\":\"String\",\"NoEcho\":false},\"C\":{\"Type\":\"String\"}}}";
            Assert.Equal(new[] { "A" }, NoEchoParameters.Read(template)!.ToArray());
        }

        [Fact]
        public void A_stack_description_masks_the_secret_moto_echoes()
        {
            var stack = new StackDescription { StackName = "s", StackStatus = "CREATE_COMPLETE" };
            stack.Parameters["ChatOpsWebhookUrl"] = "https://hooks.example.invalid/secret";
            stack.Parameters["EnvironmentName"] = "staging";
            var body = PipelineVersionCatalog.Default.Get("3.0.0").MainTemplateBody;

            var text = Encoding.UTF8.GetString(StackExport.Description(stack, body));

            Assert.DoesNotContain("hooks.example.invalid", text);
            var json = JsonNode.Parse(text)!;
            Assert.Equal("****", (string?)json["parameters"]!["ChatOpsWebhookUrl"]);
            Assert.Equal("staging", (string?)json["parameters"]!["EnvironmentName"]);
        }

        [Fact]
        public void A_template_that_is_not_JSON_gets_every_value_masked()
        {
            var yaml = "Parameters:\n  Webhook:\n    Type: String\n    NoEcho: true\n";
            Assert.Null(NoEchoParameters.Read(yaml));
            var masked = NoEchoParameters.Masked(new Dictionary<string, string> { ["Webhook"] = "secret", ["Name"] = "x" }, null);
            Assert.All(masked.Values, v => Assert.Equal("****", v));
        }
    }
}
