using System;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    public sealed class PipelineVersionCatalogTests
    {
        private static readonly string[] PipelineFunctions =
        {
            "snapshot-check", "copy-snapshot", "check-copy-status", "delete-rds", "check-delete-status", "restore-snapshot",
            "check-restore-status", "setup-db-users", "verify-restore", "archive-snapshot", "sns-notification",
        };

        private static PipelineVersionCatalog Catalog => PipelineVersionCatalog.Default;

        [Fact]
        public void Default_lists_the_three_versions_oldest_first()
        {
            Assert.Equal(new[] { "1.0.0", "2.0.0", "3.0.0" }, Catalog.Versions.Select(v => v.Version));
            Assert.Equal("3.0.0", Catalog.Latest.Version);
            Assert.Same(Catalog, PipelineVersionCatalog.Default);
        }

        [Theory]
        [InlineData("1.0.0", "1.0.0")]
        [InlineData("1.0.x", "1.0.0")]
        [InlineData("1.0.X", "1.0.0")]
        [InlineData("1.0", "1.0.0")]
        [InlineData("2.0.x", "2.0.0")]
        [InlineData("3.0", "3.0.0")]
        public void Get_accepts_exact_and_family_spellings(string spelling, string expected)
        {
            Assert.Equal(expected, Catalog.Get(spelling).Version);
            Assert.True(Catalog.TryGet(spelling, out var definition));
            Assert.Equal(expected, definition.Version);
        }

        [Theory]
        [InlineData("4.0.0")]
        [InlineData("1.1")]
        [InlineData("1.0.1")]
        [InlineData("")]
        [InlineData("latest")]
        [InlineData("v1.0.0")]
        [InlineData("1.0.0.0")]
        [InlineData(" 1.0.0")]
        public void Get_refuses_unknown_versions_and_lists_the_supported_ones(string spelling)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => Catalog.Get(spelling));

            Assert.Equal("UnknownPipelineVersion", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.Equal(spelling, error.Target);
            Assert.Contains("1.0.0 (1.0.x), 2.0.0 (2.0.x), 3.0.0 (3.0.x)", error.Message);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            Assert.False(Catalog.TryGet(spelling, out _));
        }

        [Fact]
        public void TryGet_refuses_null()
        {
            Assert.False(Catalog.TryGet(null, out _));
            Assert.Equal("UnknownPipelineVersion", Assert.Throws<AuroraRestoreException>(() => Catalog.Get(null!)).ErrorId);
        }

        [Theory]
        [InlineData("1.0.0", 1, 1, 1, 1)]
        [InlineData("2.0.0", 2, 2, 1, 1)]
        [InlineData("3.0.0", 3, 3, 3, 2)]
        public void Each_version_declares_the_formats_it_writes(string version, int state, int audit, int sns, int config)
        {
            var v = Catalog.Get(version);

            Assert.Equal(state, v.StateFormat);
            Assert.Equal(audit, v.AuditFormat);
            Assert.Equal(sns, v.SnsFormat);
            Assert.Equal(config, v.ConfigFormat);
        }

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("2.0.0")]
        [InlineData("3.0.0")]
        public void Each_version_has_the_eleven_functions_in_pipeline_order(string version)
        {
            var v = Catalog.Get(version);

            Assert.Equal(PipelineFunctions, v.Functions);
            foreach (var function in v.FunctionDefinitions)
            {
                var pascal = string.Concat(function.Name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
                Assert.Equal("AuroraRestore.LambdaHost::AuroraRestore.LambdaHost.Functions::" + pascal, function.Handler);
                Assert.Equal("dotnet10", function.Runtime);
                Assert.Equal(512, function.MemorySize);
                Assert.Equal(function.Name == "setup-db-users" ? 900 : 300, function.TimeoutSeconds);
            }

            Assert.Equal("SetupDbUsers", v.GetFunction("setup-db-users").Handler.Split("::").Last());
            Assert.Throws<ArgumentException>(() => v.GetFunction("no-such-step"));
            Assert.Equal($"aurora-restore-lambda-{version}.zip", v.LambdaPackageFileName);
        }

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("2.0.0")]
        [InlineData("3.0.0")]
        public void Table_keys_are_the_same_in_every_version(string version)
        {
            var v = Catalog.Get(version);

            Assert.Equal(new KeyAttribute("operation_id", "S"), v.StateTable.HashKey);
            Assert.Null(v.StateTable.RangeKey);
            Assert.Equal(new KeyAttribute("operation_id", "S"), v.AuditTable.HashKey);
            Assert.Equal(new KeyAttribute("timestamp", "S"), v.AuditTable.RangeKey);
            Assert.Empty(v.AuditTable.Indexes);
        }

        [Fact]
        public void Version_1_has_no_index_and_versions_2_and_3_have_the_status_index()
        {
            Assert.Empty(Catalog.Get("1.0.0").StateTable.Indexes);
            foreach (var version in new[] { "2.0.0", "3.0.0" })
            {
                var index = Assert.Single(Catalog.Get(version).StateTable.Indexes);
                Assert.Equal("StatusIndex", index.Name);
                Assert.Equal(new KeyAttribute("status", "S"), index.HashKey);
                Assert.Equal(new KeyAttribute("updated_at", "S"), index.RangeKey);
                Assert.Equal("ALL", index.ProjectionType);
            }
        }

        [Theory]
        [InlineData("1.0.0", "execution-failures")]
        [InlineData("2.0.0", "execution-failures,execution-timeouts,lambda-errors")]
        [InlineData("3.0.0", "execution-failures,execution-timeouts,lambda-errors,step-failures")]
        public void Each_version_declares_its_alarms(string version, string suffixes)
        {
            Assert.Equal(suffixes.Split(','), Catalog.Get(version).Alarms.Select(a => a.Suffix));
        }

        [Fact]
        public void Notes_carry_the_guides_breaking_changes()
        {
            Assert.Empty(Catalog.Get("1.0.0").BreakingChanges);
            Assert.Equal(
                new[]
                {
                    "DynamoDB schema now includes additional fields for audit tracking",
                    "State format has changed to accommodate new error handling strategies",
                    "Step Functions definition has been updated with additional error handling states",
                },
                Catalog.Get("2.0.0").BreakingChanges);
            Assert.Equal(
                new[]
                {
                    "Lambda functions require additional IAM permissions for CloudWatch metrics",
                    "SNS notification format has changed to include more detailed information",
                    "Configuration file format has been updated with new parameters",
                },
                Catalog.Get("3.0.0").BreakingChanges);
            Assert.All(Catalog.Versions, v => Assert.False(string.IsNullOrWhiteSpace(v.Notes)));
            Assert.Contains("CloudWatch metrics", Catalog.Get("3.0.0").Notes);
        }

        [Fact]
        public void Template_parameters_are_read_from_the_templates()
        {
            var v = Catalog.Get("2.0.0");

            Assert.Equal(
                new[] { "EnvironmentName", "ResourcePrefix", "StateTableName", "AuditTableName", "ControlTableName", "ConfigParameterName", "ArtifactBucket" },
                v.IamTemplateParameters.Select(p => p.Name));
            var webhook = Assert.Single(v.MainTemplateParameters, p => p.NoEcho);
            Assert.Equal("ChatOpsWebhookUrl", webhook.Name);
            Assert.Equal(string.Empty, webhook.DefaultValue);
            Assert.False(webhook.IsRequired);
            Assert.True(v.MainTemplateParameters.Single(p => p.Name == "ArtifactKey").IsRequired);
        }

        [Fact]
        public void Constants_name_the_version_tag_and_output()
        {
            Assert.Equal("aurora-restore:version", PipelineVersionDefinition.VersionTagKey);
            Assert.Equal("PipelineVersion", PipelineVersionDefinition.VersionOutputKey);
            Assert.Equal("live", PipelineVersionDefinition.LiveAliasName);
        }

        [Fact]
        public void The_shipped_files_make_an_equal_catalog()
        {
            var reread = PipelineVersionCatalog.FromDocuments(CatalogFiles.Embedded());

            Assert.Equal(Catalog.Versions.Select(v => v.Version), reread.Versions.Select(v => v.Version));
            Assert.Equal(Catalog.Get("3.0.0").MainTemplateBody, reread.Get("3.0.0").MainTemplateBody);
        }

        [Fact]
        public void Adding_a_version_takes_one_folder_and_one_edge()
        {
            var files = CatalogFiles.Embedded();
            foreach (var file in files.Keys.Where(k => k.StartsWith("3.0.0/", StringComparison.Ordinal)).ToList())
            {
                files["4.0.0/" + file.Substring(6)] = files[file].Replace("3.0.0", "4.0.0");
            }

            var matrix = JsonNode.Parse(files["matrix.json"])!.AsObject();
            matrix["edges"]!.AsArray().Add(new JsonObject { ["from"] = "3.0.0", ["to"] = "4.0.0", ["notes"] = "Test edge", ["iam_stack_first"] = false });
            files["matrix.json"] = matrix.ToJsonString();

            var catalog = PipelineVersionCatalog.FromDocuments(files);

            Assert.Equal("4.0.0", catalog.Latest.Version);
            Assert.Equal("4.0.0", catalog.Get("4.0.x").Version);
            Assert.Equal(new[] { "2.0.0", "3.0.0", "4.0.0" }, catalog.Matrix.PathBetween("1.0.0", "4.0.0").Select(h => h.To));
        }

        [Theory]
        [InlineData("2.0.0/alarms.json", "missing")]
        [InlineData("matrix.json", "missing")]
        public void A_missing_file_is_reported(string path, string problem)
        {
            var files = CatalogFiles.Embedded();
            files.Remove(path);

            var error = Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files));

            AssertCatalogInvalid(error, path, problem);
        }

        [Theory]
        [InlineData("2.0.0/alarm.json")]
        [InlineData("readme.json")]
        [InlineData("2.0/version.json")]
        [InlineData("2.0.0/extra/version.json")]
        public void An_unexpected_file_is_reported(string path)
        {
            var files = CatalogFiles.Embedded();
            files[path] = "{}";

            var error = Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files));

            AssertCatalogInvalid(error, path, "unexpected file");
        }

        [Fact]
        public void Invalid_JSON_is_reported_with_its_line()
        {
            var files = CatalogFiles.Embedded();
            files["1.0.0/schema.json"] = "{\n  \"version\": \"1.0.0\",\n  oops\n}";

            var error = Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files));

            AssertCatalogInvalid(error, "1.0.0/schema.json", "line 3");
        }

        [Fact]
        public void A_version_file_must_name_its_folder()
        {
            var files = CatalogFiles.With("2.0.0/version.json", j => j["version"] = "2.1.0");

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "2.0.0/version.json", "'2.1.0' but the folder is 2.0.0");
        }

        [Fact]
        public void A_template_must_output_its_own_version()
        {
            var files = CatalogFiles.With("3.0.0/iam.template.json", j => j["Outputs"]!["PipelineVersion"]!["Value"] = "2.0.0");

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "3.0.0/iam.template.json", "PipelineVersion");
        }

        [Fact]
        public void A_key_type_must_be_S_N_or_B()
        {
            var files = CatalogFiles.With("2.0.0/schema.json", j => j["tables"]!["state"]!["indexes"]![0]!["hash_key"]!["type"] = "BOOL");

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "2.0.0/schema.json", "type must be S, N or B");
        }

        [Fact]
        public void A_function_must_run_on_a_runtime_with_known_lifecycle_dates()
        {
            var files = CatalogFiles.With("2.0.0/version.json", j => j["functions"]![3]!["runtime"] = "dotnet12");

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "2.0.0/version.json", "runtime 'dotnet12' has no lifecycle dates");
        }

        [Fact]
        public void A_format_number_must_be_positive()
        {
            var files = CatalogFiles.With("1.0.0/version.json", j => j["formats"]!["sns"] = 0);

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "1.0.0/version.json", "'sns'");
        }

        [Theory]
        [InlineData("{NoSuchToken}")]
        [InlineData("{FunctionName:no-such-function}")]
        [InlineData("{StateMachineArn")]
        public void An_alarm_dimension_must_use_known_tokens(string template)
        {
            var files = CatalogFiles.With("3.0.0/alarms.json", j => j["alarms"]![0]!["dimensions"]!["StateMachineArn"] = template);

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "3.0.0/alarms.json", "execution-failures");
        }

        [Fact]
        public void An_alarm_statistic_must_be_a_CloudWatch_statistic()
        {
            var files = CatalogFiles.With("1.0.0/alarms.json", j => j["alarms"]![0]!["statistic"] = "Total");

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "1.0.0/alarms.json", "statistic");
        }

        [Theory]
        [InlineData("1.0.0", "4.0.0", "both ends must be versions of the catalog")]
        [InlineData("3.0.0", "2.0.0", "an edge goes up")]
        [InlineData("1.0.0", "2.0.0", "listed twice")]
        public void A_matrix_edge_must_join_known_versions_upwards_once(string from, string to, string problem)
        {
            var files = CatalogFiles.With("matrix.json", j => j["edges"]!.AsArray().Add(new JsonObject { ["from"] = from, ["to"] = to, ["notes"] = "x", ["iam_stack_first"] = false }));

            AssertCatalogInvalid(Assert.Throws<AuroraRestoreException>(() => PipelineVersionCatalog.FromDocuments(files)), "matrix.json", problem);
        }

        private static void AssertCatalogInvalid(AuroraRestoreException error, string path, string problem)
        {
            Assert.Equal("VersionCatalogInvalid", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Equal(path, error.Target);
            Assert.Contains(problem, error.Message);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }
    }
}
