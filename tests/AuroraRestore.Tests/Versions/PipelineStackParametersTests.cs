using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    public sealed class PipelineStackParametersTests
    {
        private const string LambdaRole = "arn:aws:iam::123456789012:role/aurora-restore-staging-lambda-role";
        private const string StatesRole = "arn:aws:iam::123456789012:role/aurora-restore-staging-states-role";

        private static readonly PipelineEnvironment Staging = PipelineEnvironment.Named("staging");

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("3.0.0")]
        public void The_IAM_stack_gets_the_environments_names(string version)
        {
            var parameters = PipelineStackParameters.ForIamStack(Staging, PipelineVersionCatalog.Default.Get(version), "aurora-restore-artifacts-123456789012-us-east-1");

            Assert.Equal(
                new[]
                {
                    ("EnvironmentName", "staging"), ("ResourcePrefix", "aurora-restore-staging"), ("StateTableName", "AuroraRestoreState-staging"),
                    ("AuditTableName", "AuroraRestoreAudit-staging"), ("ControlTableName", "AuroraRestoreControl-staging"),
                    ("ConfigParameterName", "/aurora-restore/staging/config"), ("ArtifactBucket", "aurora-restore-artifacts-123456789012-us-east-1"),
                },
                Pairs(parameters));
        }

        [Fact]
        public void Without_a_bucket_the_IAM_stack_uses_the_templates_default()
        {
            var parameters = PipelineStackParameters.ForIamStack(PipelineEnvironment.Named("production"), PipelineVersionCatalog.Default.Get("2.0.0"));

            Assert.False(parameters.ContainsKey("ArtifactBucket"));
            Assert.Equal("aurora-restore", parameters["ResourcePrefix"]);
            Assert.Equal("AuroraRestoreState", parameters["StateTableName"]);
        }

        [Fact]
        public void The_main_stack_gets_the_code_location_and_roles_but_never_the_webhook()
        {
            var parameters = PipelineStackParameters.ForMainStack(Staging, PipelineVersionCatalog.Default.Get("2.0.0"), "artifacts-bucket", "aurora-restore-lambda-2.0.0.zip", LambdaRole, StatesRole);

            Assert.Equal("artifacts-bucket", parameters["ArtifactBucket"]);
            Assert.Equal("aurora-restore-lambda-2.0.0.zip", parameters["ArtifactKey"]);
            Assert.Equal(LambdaRole, parameters["LambdaRoleArn"]);
            Assert.Equal(StatesRole, parameters["StateMachineRoleArn"]);
            Assert.Equal("aurora-restore-staging", parameters["ResourcePrefix"]);
            Assert.False(parameters.ContainsKey(PipelineStackParameters.ChatOpsWebhookUrl));
            Assert.Equal(10, parameters.Count);
        }

        [Theory]
        [InlineData("Bad_Bucket", "key.zip", LambdaRole, StatesRole)]
        [InlineData("ab", "key.zip", LambdaRole, StatesRole)]
        [InlineData("bucket", "", LambdaRole, StatesRole)]
        [InlineData("bucket", "key.zip", "aurora-restore-lambda-role", StatesRole)]
        [InlineData("bucket", "key.zip", LambdaRole, "arn:aws:iam::123:role/x")]
        public void Bad_values_are_refused(string bucket, string key, string lambdaRole, string statesRole)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PipelineStackParameters.ForMainStack(Staging, PipelineVersionCatalog.Default.Get("1.0.0"), bucket, key, lambdaRole, statesRole));

            Assert.Equal("InvalidStackParameter", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Fact]
        public void A_bad_bucket_for_the_IAM_stack_is_refused()
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PipelineStackParameters.ForIamStack(Staging, PipelineVersionCatalog.Default.Get("1.0.0"), "UPPER"));

            Assert.Equal("InvalidStackParameter", error.ErrorId);
            Assert.Equal("UPPER", error.Target);
        }

        [Fact]
        public void A_template_requiring_a_parameter_the_module_cannot_fill_is_a_catalog_defect()
        {
            var files = CatalogFiles.With("1.0.0/iam.template.json", j => j["Parameters"]!.AsObject().Add("NewRequired", new System.Text.Json.Nodes.JsonObject { ["Type"] = "String" }));
            var version = PipelineVersionCatalog.FromDocuments(files).Get("1.0.0");

            var error = Assert.Throws<AuroraRestoreException>(() => PipelineStackParameters.ForIamStack(Staging, version));

            Assert.Equal("VersionCatalogInvalid", error.ErrorId);
            Assert.Contains("NewRequired", error.Message);
        }

        private static (string, string)[] Pairs(System.Collections.Generic.IDictionary<string, string> parameters)
        {
            var pairs = new System.Collections.Generic.List<(string, string)>();
            foreach (var pair in parameters)
            {
                pairs.Add((pair.Key, pair.Value));
            }

            return pairs.ToArray();
        }
    }
}
