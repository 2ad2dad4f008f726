using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Configuration;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Configuration
{
    public sealed class PipelineConfigurationTests
    {
        private const string Minimal1 = "{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"prod-db\", \"target_cluster_id\": \"staging-db\"}";
        private const string Minimal2 = "{\"format_version\": 2, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"prod-db\", \"target_cluster_id\": \"staging-db\"}";

        private const string Full2 = @"{
  ""format_version"": 2,
  ""source_region"": ""us-east-1"",
  ""target_region"": ""us-west-2"",
  ""source_cluster_id"": ""prod-db"",
  ""target_cluster_id"": ""prod-db"",
  ""snapshot_prefix"": ""rds:prod-db-daily-"",
  ""db_subnet_group_name"": ""restore subnets"",
  ""vpc_security_group_ids"": [
    ""sg-0123456789abcdef0"",
    ""sg-11111111""
  ],
  ""db_instance_class"": ""db.r7g.xlarge"",
  ""instance_count"": 15,
  ""port"": 1150,
  ""engine"": ""aurora-mysql"",
  ""iam_database_authentication"": true,
  ""storage_encrypted"": false,
  ""kms_key_id"": ""alias/aurora-restore"",
  ""deletion_protection"": true,
  ""master_secret_id"": ""aurora-restore/prod/master"",
  ""app_secret_id"": ""arn:aws:secretsmanager:us-west-2:123456789012:secret:aurora-restore/app-AbCdEf"",
  ""setup_db_users"": false,
  ""database_name"": ""_app_db"",
  ""metrics_namespace"": ""AuroraRestore/Staging"",
  ""metrics_enabled"": false,
  ""notification_detail"": ""summary"",
  ""step_retry_max_attempts"": 10,
  ""operation_timeout_minutes"": 1440
}";

        [Fact]
        public void A_minimal_format_1_document_gets_the_documented_defaults()
        {
            var config = PipelineConfiguration.Parse(Minimal1, 1);

            Assert.Equal(1, config.FormatVersion);
            Assert.Equal("us-east-1", config.SourceRegion);
            Assert.Equal("us-east-1", config.TargetRegion);
            Assert.Equal("prod-db", config.SourceClusterId);
            Assert.Equal("staging-db", config.TargetClusterId);
            Assert.Equal("rds:prod-db-", config.SnapshotPrefix);
            Assert.Null(config.DbSubnetGroupName);
            Assert.Empty(config.VpcSecurityGroupIds);
            Assert.Equal("db.r6g.large", config.DbInstanceClass);
            Assert.Equal(1, config.InstanceCount);
            Assert.Equal(5432, config.Port);
            Assert.Equal("aurora-postgresql", config.Engine);
            Assert.False(config.IamDatabaseAuthentication);
            Assert.True(config.StorageEncrypted);
            Assert.Null(config.KmsKeyId);
            Assert.False(config.DeletionProtection);
            Assert.Null(config.MasterSecretId);
            Assert.Null(config.AppSecretId);
            Assert.True(config.SetupDbUsers);
            Assert.Equal("postgres", config.DatabaseName);
            Assert.Null(config.DownMigrationData);
        }

        [Fact]
        public void A_minimal_format_2_document_also_gets_the_format_2_defaults()
        {
            var config = PipelineConfiguration.Parse(Minimal2, 2);

            Assert.Equal(2, config.FormatVersion);
            Assert.Equal("AuroraRestore", config.MetricsNamespace);
            Assert.True(config.MetricsEnabled);
            Assert.Equal("full", config.NotificationDetail);
            Assert.Equal(3, config.StepRetryMaxAttempts);
            Assert.Equal(240, config.OperationTimeoutMinutes);
        }

        [Fact]
        public void Every_key_is_read()
        {
            var config = PipelineConfiguration.Parse(Full2, 2);

            Assert.Equal("us-west-2", config.TargetRegion);
            Assert.Equal("prod-db", config.TargetClusterId);
            Assert.Equal("rds:prod-db-daily-", config.SnapshotPrefix);
            Assert.Equal("restore subnets", config.DbSubnetGroupName);
            Assert.Equal(new[] { "sg-0123456789abcdef0", "sg-11111111" }, config.VpcSecurityGroupIds);
            Assert.Equal("db.r7g.xlarge", config.DbInstanceClass);
            Assert.Equal((15, 1150, "aurora-mysql"), (config.InstanceCount, config.Port, config.Engine));
            Assert.True(config.IamDatabaseAuthentication);
            Assert.False(config.StorageEncrypted);
            Assert.Equal("alias/aurora-restore", config.KmsKeyId);
            Assert.True(config.DeletionProtection);
            Assert.Equal("aurora-restore/prod/master", config.MasterSecretId);
            Assert.EndsWith(":secret:aurora-restore/app-AbCdEf", config.AppSecretId);
            Assert.False(config.SetupDbUsers);
            Assert.Equal("_app_db", config.DatabaseName);
            Assert.Equal("AuroraRestore/Staging", config.MetricsNamespace);
            Assert.False(config.MetricsEnabled);
            Assert.Equal("summary", config.NotificationDetail);
            Assert.Equal((10, 1440), (config.StepRetryMaxAttempts, config.OperationTimeoutMinutes));
        }

        [Fact]
        public void ToJson_is_canonical_and_reads_back_equal()
        {
            var config = PipelineConfiguration.Parse(Full2, 2);
            var json = config.ToJson();
            var again = PipelineConfiguration.Parse(json, 2);

            Assert.Equal(json, again.ToJson());
            Assert.Equal(Full2.Replace("\r\n", "\n") + "\n", json);
        }

        [Fact]
        public void ToJson_writes_defaults_out_in_the_documented_order_and_leaves_unset_ids_out()
        {
            var json = PipelineConfiguration.Parse("{\"target_cluster_id\": \"b\", \"source_cluster_id\": \"a\", \"source_region\": \"eu-west-1\", \"format_version\": 1}", 1).ToJson();

            Assert.Equal(
                new[]
                {
                    "format_version", "source_region", "target_region", "source_cluster_id", "target_cluster_id", "snapshot_prefix", "vpc_security_group_ids",
                    "db_instance_class", "instance_count", "port", "engine", "iam_database_authentication", "storage_encrypted", "deletion_protection",
                    "setup_db_users", "database_name",
                },
                JsonNode.Parse(json)!.AsObject().Select(p => p.Key));
            Assert.Contains("\n  \"target_region\": \"eu-west-1\",\n", json);
            Assert.DoesNotContain("\r", json);
            Assert.Equal(ConfigurationKeys.For(1).Where(k => !json.Contains("\"" + k + "\"")), new[] { "db_subnet_group_name", "kms_key_id", "master_secret_id", "app_secret_id" });
        }

        [Fact]
        public void The_reserved_down_migration_object_is_kept()
        {
            var config = PipelineConfiguration.Parse(Minimal1.TrimEnd('}') + ", \"_ar_down\": {\"metrics_enabled\": false, \"step_retry_max_attempts\": 5}}", 1);

            Assert.Equal("{\"metrics_enabled\":false,\"step_retry_max_attempts\":5}", JsonNode.Parse(config.DownMigrationData!.Value.GetRawText())!.ToJsonString());
            var reread = PipelineConfiguration.Parse(config.ToJson(), 1);
            Assert.Equal(5, reread.DownMigrationData!.Value.GetProperty("step_retry_max_attempts").GetInt32());
        }

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("2.0.0")]
        [InlineData("3.0.0")]
        public void Each_pipeline_version_reads_its_configuration_format(string version)
        {
            var format = PipelineVersionCatalog.Default.Get(version).ConfigFormat;

            Assert.Equal(format, PipelineConfiguration.Parse(format == 1 ? Minimal1 : Minimal2, format).FormatVersion);
        }

        [Theory]
        [InlineData("", 1, 1)]
        [InlineData("{", 1, 2)]
        [InlineData("{\n  \"format_version\": 1,\n  \"source_region\": \"us-east-1\"\n  \"source_cluster_id\": \"a\"\n}", 4, 3)]
        [InlineData("{\"format_version\": 1,}", 1, 22)]
        [InlineData("{\"format_version\": 1 // comment\n}", 1, 22)]
        [InlineData("{'format_version': 1}", 1, 2)]
        public void Invalid_JSON_is_malformed_and_says_where(string json, int line, int position)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PipelineConfiguration.Parse(json, 1));

            Assert.Equal("ConfigurationMalformed", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Contains($"(line {line}, position {position})", error.Message);
            Assert.Equal($"line {line}, position {position}", error.Target);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Fact]
        public void A_null_document_is_malformed()
        {
            Assert.Equal("ConfigurationMalformed", Assert.Throws<AuroraRestoreException>(() => PipelineConfiguration.Parse(null!, 1)).ErrorId);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        public void An_unknown_expected_format_is_refused(int format)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => PipelineConfiguration.Parse(Minimal1, format));

            Assert.Equal("ConfigurationFormatUnsupported", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Theory]
        // Not an object.
        [InlineData("[]", 1, "(document)", "must be a JSON object")]
        [InlineData("42", 1, "(document)", "must be a JSON object")]
        // format_version.
        [InlineData("{\"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\"}", 1, "format_version", "missing")]
        [InlineData("{\"format_version\": 2, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\"}", 1, "format_version", "is 2 but this pipeline version reads configuration format 1")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\"}", 2, "format_version", "is 1 but this pipeline version reads configuration format 2")]
        [InlineData("{\"format_version\": \"1\", \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\"}", 1, "format_version", "must be the whole number 1")]
        [InlineData("{\"format_version\": 1.5, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\"}", 1, "format_version", "must be the whole number 1")]
        // Missing required keys.
        [InlineData("{\"format_version\": 1, \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\"}", 1, "source_region", "Required key 'source_region' is missing")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"target_cluster_id\": \"b\"}", 1, "source_cluster_id", "Required key 'source_cluster_id' is missing")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\"}", 1, "target_cluster_id", "Required key 'target_cluster_id' is missing")]
        // Unknown and duplicate keys.
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\", \"sorce_region\": \"x\"}", 1, "sorce_region", "Unknown key 'sorce_region'")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\", \"password\": \"x\"}", 1, "password", "Unknown key 'password'")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\", \"metrics_enabled\": true}", 1, "metrics_enabled", "belongs to configuration format 2")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"a\", \"target_cluster_id\": \"b\", \"port\": 5432, \"port\": 5433}", 1, "port", "appears twice")]
        public void Structural_problems_name_the_key(string json, int format, string key, string problem)
        {
            AssertInvalid(() => PipelineConfiguration.Parse(json, format), key, problem);
        }

        [Theory]
        // Wrong types.
        [InlineData("source_region", "1", "must be a string")]
        [InlineData("target_region", "null", "null (omit the key to use its default)")]
        [InlineData("source_cluster_id", "[\"a\"]", "must be a string")]
        [InlineData("vpc_security_group_ids", "\"sg-0123456789abcdef0\"", "must be an array of strings")]
        [InlineData("vpc_security_group_ids", "[1]", "must be an array of strings")]
        [InlineData("instance_count", "\"2\"", "must be a number")]
        [InlineData("instance_count", "1.5", "whole number from 1 to 15")]
        [InlineData("port", "true", "must be a number")]
        [InlineData("engine", "5", "must be a string")]
        [InlineData("iam_database_authentication", "\"true\"", "must be true or false")]
        [InlineData("storage_encrypted", "1", "must be true or false")]
        [InlineData("deletion_protection", "null", "must be true or false")]
        [InlineData("setup_db_users", "{}", "must be true or false")]
        [InlineData("_ar_down", "[]", "must be an object")]
        // Values out of range.
        [InlineData("source_region", "\"US-EAST-1\"", "AWS region name")]
        [InlineData("target_region", "\"mars-1\"", "AWS region name")]
        [InlineData("source_cluster_id", "\"1cluster\"", "RDS cluster identifier")]
        [InlineData("target_cluster_id", "\"bad--id\"", "RDS cluster identifier")]
        [InlineData("target_cluster_id", "\"trailing-\"", "RDS cluster identifier")]
        [InlineData("target_cluster_id", "\"\"", "RDS cluster identifier")]
        [InlineData("snapshot_prefix", "\"rds:a b\"", "letters, digits, hyphens or colons")]
        [InlineData("db_subnet_group_name", "\"\"", "subnet group name")]
        [InlineData("vpc_security_group_ids", "[\"default\"]", "security group ids look like")]
        [InlineData("vpc_security_group_ids", "[\"sg-11111111\", \"sg-11111111\"]", "twice")]
        [InlineData("db_instance_class", "\"r6g.large\"", "instance class")]
        [InlineData("instance_count", "0", "from 1 to 15")]
        [InlineData("instance_count", "16", "from 1 to 15")]
        [InlineData("port", "80", "from 1150 to 65535")]
        [InlineData("port", "65536", "from 1150 to 65535")]
        [InlineData("engine", "\"postgres\"", "aurora-postgresql, aurora-mysql")]
        [InlineData("kms_key_id", "\"\"", "KMS key")]
        [InlineData("master_secret_id", "\"has space\"", "secret name or ARN")]
        [InlineData("app_secret_id", "\"\"", "secret name or ARN")]
        [InlineData("database_name", "\"1db\"", "database name")]
        [InlineData("database_name", "\"drop;table\"", "database name")]
        public void Format_1_values_are_checked(string key, string value, string problem)
        {
            var document = JsonNode.Parse(Minimal1)!.AsObject();
            document.Remove(key);
            document[key] = JsonNode.Parse(value);
            if (value == "null")
            {
                document[key] = null;
            }

            AssertInvalid(() => PipelineConfiguration.Parse(document.ToJsonString(), 1), key, problem);
        }

        [Theory]
        [InlineData("metrics_namespace", "\"\"", "CloudWatch namespace")]
        [InlineData("metrics_namespace", "\"AWS/Lambda\"", "reserved for AWS services")]
        [InlineData("metrics_namespace", "7", "must be a string")]
        [InlineData("metrics_enabled", "\"yes\"", "must be true or false")]
        [InlineData("notification_detail", "\"verbose\"", "full, summary")]
        [InlineData("step_retry_max_attempts", "0", "from 1 to 10")]
        [InlineData("step_retry_max_attempts", "11", "from 1 to 10")]
        [InlineData("operation_timeout_minutes", "9", "from 10 to 1440")]
        [InlineData("operation_timeout_minutes", "1441", "from 10 to 1440")]
        [InlineData("operation_timeout_minutes", "2147483648", "whole number from 10 to 1440")]
        public void Format_2_values_are_checked(string key, string value, string problem)
        {
            var document = JsonNode.Parse(Minimal2)!.AsObject();
            document[key] = JsonNode.Parse(value);

            AssertInvalid(() => PipelineConfiguration.Parse(document.ToJsonString(), 2), key, problem);
        }

        [Theory]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"source_cluster_id\": \"prod-db\", \"target_cluster_id\": \"prod-db\"}")]
        [InlineData("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"target_region\": \"us-east-1\", \"source_cluster_id\": \"prod-db\", \"target_cluster_id\": \"PROD-DB\"}")]
        public void Restoring_onto_the_source_cluster_is_refused(string json)
        {
            AssertInvalid(() => PipelineConfiguration.Parse(json, 1), "target_cluster_id", "would delete the source");
        }

        [Fact]
        public void The_same_cluster_name_in_another_region_is_allowed()
        {
            var config = PipelineConfiguration.Parse("{\"format_version\": 1, \"source_region\": \"us-east-1\", \"target_region\": \"us-west-2\", \"source_cluster_id\": \"prod-db\", \"target_cluster_id\": \"prod-db\"}", 1);

            Assert.Equal("us-west-2", config.TargetRegion);
        }

        [Fact]
        public void Keys_per_format_are_the_documented_ones()
        {
            Assert.Equal(20, ConfigurationKeys.For(1).Count);
            Assert.Equal(ConfigurationKeys.For(1).Concat(new[] { "metrics_namespace", "metrics_enabled", "notification_detail", "step_retry_max_attempts", "operation_timeout_minutes" }), ConfigurationKeys.For(2));
            Assert.Equal(new[] { 1, 2 }, ConfigurationKeys.SupportedFormats);
        }

        private static void AssertInvalid(System.Action parse, string key, string problem)
        {
            var error = Assert.Throws<AuroraRestoreException>(parse);

            Assert.Equal("ConfigurationInvalid", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Equal(key, error.Target);
            Assert.Contains(problem, error.Message);
            Assert.Contains(key, error.RecommendedAction);
        }
    }
}
