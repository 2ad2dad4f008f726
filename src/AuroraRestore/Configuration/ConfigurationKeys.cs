using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Configuration
{
    /// <summary>The keys of the pipeline configuration document, in their canonical order (docs/formats/configuration.md).</summary>
    public static class ConfigurationKeys
    {
        public const string FormatVersion = "format_version";
        public const string SourceRegion = "source_region";
        public const string TargetRegion = "target_region";
        public const string SourceClusterId = "source_cluster_id";
        public const string TargetClusterId = "target_cluster_id";
        public const string SnapshotPrefix = "snapshot_prefix";
        public const string DbSubnetGroupName = "db_subnet_group_name";
        public const string VpcSecurityGroupIds = "vpc_security_group_ids";
        public const string DbInstanceClass = "db_instance_class";
        public const string InstanceCount = "instance_count";
        public const string Port = "port";
        public const string Engine = "engine";
        public const string IamDatabaseAuthentication = "iam_database_authentication";
        public const string StorageEncrypted = "storage_encrypted";
        public const string KmsKeyId = "kms_key_id";
        public const string DeletionProtection = "deletion_protection";
        public const string MasterSecretId = "master_secret_id";
        public const string AppSecretId = "app_secret_id";
        public const string SetupDbUsers = "setup_db_users";
        public const string DatabaseName = "database_name";

        // Format 2 (pipeline 3.0.x).
        public const string MetricsNamespace = "metrics_namespace";
        public const string MetricsEnabled = "metrics_enabled";
        public const string NotificationDetail = "notification_detail";
        public const string StepRetryMaxAttempts = "step_retry_max_attempts";
        public const string OperationTimeoutMinutes = "operation_timeout_minutes";

        /// <summary>Reserved for lossless down-conversions (2→1 keeps format 2's non-default values here); never written by users.</summary>
        public const string DownMigrationData = "_ar_down";

        private static readonly string[] Format1 =
        {
            FormatVersion, SourceRegion, TargetRegion, SourceClusterId, TargetClusterId, SnapshotPrefix, DbSubnetGroupName,
            VpcSecurityGroupIds, DbInstanceClass, InstanceCount, Port, Engine, IamDatabaseAuthentication, StorageEncrypted,
            KmsKeyId, DeletionProtection, MasterSecretId, AppSecretId, SetupDbUsers, DatabaseName,
        };

        private static readonly string[] AddedInFormat2 =
        {
            MetricsNamespace, MetricsEnabled, NotificationDetail, StepRetryMaxAttempts, OperationTimeoutMinutes,
        };

        /// <summary>The configuration formats this module reads and writes.</summary>
        public static IReadOnlyList<int> SupportedFormats { get; } = new[] { 1, 2 };

        /// <summary>The keys a document of one format may hold, in canonical order (without the reserved <see cref="DownMigrationData"/>).</summary>
        public static IReadOnlyList<string> For(int format) => format >= 2 ? Format1.Concat(AddedInFormat2).ToList() : Format1;

        /// <summary>The keys a document must hold.</summary>
        public static IReadOnlyList<string> Required { get; } = new[] { FormatVersion, SourceRegion, SourceClusterId, TargetClusterId };
    }
}
