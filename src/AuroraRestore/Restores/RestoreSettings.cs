using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuroraRestore.Common;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// The resolved values one restore needs: the environment's configuration document (docs/formats/configuration.md)
    /// with the cmdlet's parameters laid over it. The engine reads only this, never the document itself.
    /// </summary>
    public sealed class RestoreSettings
    {
        public string SourceRegion { get; set; } = string.Empty;

        public string TargetRegion { get; set; } = string.Empty;

        public string SourceClusterIdentifier { get; set; } = string.Empty;

        public string TargetClusterIdentifier { get; set; } = string.Empty;

        /// <summary>Prefix of the daily snapshots; the date yyyy-MM-dd follows it. Default <c>rds:&lt;source&gt;-</c>.</summary>
        public string? SnapshotPrefix { get; set; }

        public string EffectiveSnapshotPrefix => SnapshotPrefix ?? "rds:" + SourceClusterIdentifier + "-";

        public string? DbSubnetGroupName { get; set; }

        public List<string> VpcSecurityGroupIds { get; set; } = new List<string>();

        public string DbInstanceClass { get; set; } = "db.r6g.large";

        public int InstanceCount { get; set; } = 1;

        public int Port { get; set; } = 5432;

        public string Engine { get; set; } = "aurora-postgresql";

        public bool IamDatabaseAuthentication { get; set; }

        public bool StorageEncrypted { get; set; } = true;

        public string? KmsKeyId { get; set; }

        public bool DeletionProtection { get; set; }

        public string? MasterSecretId { get; set; }

        public string? AppSecretId { get; set; }

        public bool SetupDbUsers { get; set; } = true;

        public string DatabaseName { get; set; } = "postgres";

        public string MetricsNamespace { get; set; } = "AuroraRestore";

        public bool MetricsEnabled { get; set; } = true;

        /// <summary>full or summary (v3 SNS messages without steps).</summary>
        public string NotificationDetail { get; set; } = "full";

        /// <summary>
        /// Connect to the restored database through this host:port instead of the cluster endpoint (an SSH tunnel or a
        /// bastion's port forward when the runner cannot reach the VPC; tests point it at a local PostgreSQL).
        /// </summary>
        public string? DatabaseEndpointOverride { get; set; }

        /// <summary>
        /// Reads the documented keys of a configuration document (format 1 or 2). Validation of the whole document
        /// belongs to Configuration/PipelineConfiguration; this reads only what a restore uses, with the documented defaults.
        /// </summary>
        public static RestoreSettings FromConfigurationJson(string json, string origin)
        {
            JsonObject document;
            try
            {
                document = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException ex)
            {
                throw new AuroraRestoreException(
                    "InvalidConfigurationDocument", FailureCategory.InvalidData, origin,
                    $"The pipeline configuration at {origin} is not a JSON object: {ex.Message}",
                    "Fix the document (docs/formats/configuration.md) and import it again.", ex);
            }

            var settings = new RestoreSettings();
            try
            {
                settings.SourceRegion = Text(document, "source_region") ?? string.Empty;
                settings.TargetRegion = Text(document, "target_region") ?? settings.SourceRegion;
                settings.SourceClusterIdentifier = Text(document, "source_cluster_id") ?? string.Empty;
                settings.TargetClusterIdentifier = Text(document, "target_cluster_id") ?? string.Empty;
                settings.SnapshotPrefix = Text(document, "snapshot_prefix");
                settings.DbSubnetGroupName = Text(document, "db_subnet_group_name");
                settings.VpcSecurityGroupIds = document["vpc_security_group_ids"] is JsonArray groups ? groups.Select(g => (string?)g).Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList() : new List<string>();
                settings.DbInstanceClass = Text(document, "db_instance_class") ?? settings.DbInstanceClass;
                settings.InstanceCount = Int(document, "instance_count") ?? settings.InstanceCount;
                settings.Port = Int(document, "port") ?? settings.Port;
                settings.Engine = Text(document, "engine") ?? settings.Engine;
                settings.IamDatabaseAuthentication = Bool(document, "iam_database_authentication") ?? settings.IamDatabaseAuthentication;
                settings.StorageEncrypted = Bool(document, "storage_encrypted") ?? settings.StorageEncrypted;
                settings.KmsKeyId = Text(document, "kms_key_id");
                settings.DeletionProtection = Bool(document, "deletion_protection") ?? settings.DeletionProtection;
                settings.MasterSecretId = Text(document, "master_secret_id");
                settings.AppSecretId = Text(document, "app_secret_id");
                settings.SetupDbUsers = Bool(document, "setup_db_users") ?? settings.SetupDbUsers;
                settings.DatabaseName = Text(document, "database_name") ?? settings.DatabaseName;
                settings.MetricsNamespace = Text(document, "metrics_namespace") ?? settings.MetricsNamespace;
                settings.MetricsEnabled = Bool(document, "metrics_enabled") ?? settings.MetricsEnabled;
                settings.NotificationDetail = Text(document, "notification_detail") ?? settings.NotificationDetail;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException)
            {
                throw new AuroraRestoreException(
                    "InvalidConfigurationDocument", FailureCategory.InvalidData, origin,
                    $"A key of the pipeline configuration at {origin} has the wrong type: {ex.Message}",
                    "Fix the document (docs/formats/configuration.md) and import it again.", ex);
            }

            return settings;
        }

        private static string? Text(JsonObject document, string key) => document[key] is JsonValue v ? v.GetValue<string>() : null;

        private static int? Int(JsonObject document, string key) => document[key] is JsonValue v ? (int)v.GetValue<double>() : (int?)null;

        private static bool? Bool(JsonObject document, string key) => document[key] is JsonValue v ? v.GetValue<bool>() : (bool?)null;

        public RestoreSettings Clone()
        {
            var copy = (RestoreSettings)MemberwiseClone();
            copy.VpcSecurityGroupIds = new List<string>(VpcSecurityGroupIds);
            return copy;
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}/{1} -> {2}/{3}", SourceRegion, SourceClusterIdentifier, TargetRegion, TargetClusterIdentifier);
    }
}
