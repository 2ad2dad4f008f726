using System;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// The keys of the state map a restore records: the resolved settings are stored with the operation when it starts,
    /// so that any host (a Lambda function, another workstation) carries it on with the same values.
    /// </summary>
    public static class OperationData
    {
        public const string SourceClusterId = "source_cluster_id";
        public const string TargetClusterId = "target_cluster_id";
        public const string SourceRegion = "source_region";
        public const string TargetRegion = "target_region";
        public const string SnapshotName = "snapshot_name";
        public const string SnapshotArn = "snapshot_arn";
        public const string SnapshotEncrypted = "snapshot_encrypted";
        public const string SnapshotDate = "snapshot_date";
        public const string TargetSnapshotName = "target_snapshot_name";
        public const string RestoreTime = "restore_time";
        public const string UseLatestRestorableTime = "use_latest_restorable_time";
        public const string ClusterEndpoint = "cluster_endpoint";
        public const string ClusterPort = "cluster_port";
        public const string ClusterArn = "cluster_arn";
        public const string RequestedBy = "requested_by";
        public const string ExecutionArn = "execution_arn";
        public const string Host = "host";
        public const string Environment = "environment";
        public const string ReplaceTarget = "replace_target";
        public const string FinalSnapshot = "final_snapshot";
        public const string FinalSnapshotName = "final_snapshot_name";
        public const string CopyDone = "copy_done";
        public const string DeleteDone = "delete_done";
        public const string RestoreDone = "restore_done";
        public const string Copied = "copied";
        public const string LastStep = "last_step";
        public const string Tags = "tags";
        public const string InstanceIdentifiers = "instance_identifiers";
        public const string ArchiveStatus = "archive_status";
        public const string NotificationMessageId = "notification_message_id";
        public const string StopReason = "stop_reason";
        public const string Settings = "settings";

        /// <summary>Stores the resolved settings and the request's choices in a new operation's state.</summary>
        public static void Write(OperationRecord record, RestoreSettings settings, RestoreRequest request, string environment)
        {
            var data = record.Data;
            data[SourceClusterId] = settings.SourceClusterIdentifier;
            data[TargetClusterId] = settings.TargetClusterIdentifier;
            data[SourceRegion] = settings.SourceRegion;
            data[TargetRegion] = settings.TargetRegion;
            data[RequestedBy] = request.RequestedBy;
            data[Environment] = environment;
            data[Host] = request.Local ? "local" : "pipeline";
            data[ReplaceTarget] = request.ReplaceTarget;
            data[FinalSnapshot] = request.FinalSnapshot;
            if (request.SnapshotIdentifier != null)
            {
                data[SnapshotName] = request.SnapshotIdentifier;
            }

            if (request.Date.HasValue)
            {
                data[SnapshotDate] = request.Date.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }

            if (request.RestoreTime.HasValue)
            {
                data[RestoreTime] = IsoTime.Format(request.RestoreTime.Value);
            }

            if (request.UseLatestRestorableTime)
            {
                data[UseLatestRestorableTime] = true;
            }

            var tags = new JsonObject();
            foreach (var tag in request.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            data[Tags] = tags;
            data[Settings] = new JsonObject
            {
                ["snapshot_prefix"] = settings.SnapshotPrefix,
                ["db_subnet_group_name"] = settings.DbSubnetGroupName,
                ["vpc_security_group_ids"] = new JsonArray(settings.VpcSecurityGroupIds.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
                ["db_instance_class"] = settings.DbInstanceClass,
                ["instance_count"] = settings.InstanceCount,
                ["port"] = settings.Port,
                ["engine"] = settings.Engine,
                ["iam_database_authentication"] = settings.IamDatabaseAuthentication,
                ["storage_encrypted"] = settings.StorageEncrypted,
                ["kms_key_id"] = settings.KmsKeyId,
                ["deletion_protection"] = settings.DeletionProtection,
                ["master_secret_id"] = settings.MasterSecretId,
                ["app_secret_id"] = settings.AppSecretId,
                ["setup_db_users"] = settings.SetupDbUsers,
                ["database_name"] = settings.DatabaseName,
                ["metrics_namespace"] = settings.MetricsNamespace,
                ["metrics_enabled"] = settings.MetricsEnabled,
                ["notification_detail"] = settings.NotificationDetail,
                ["database_endpoint_override"] = settings.DatabaseEndpointOverride,
            };
        }

        /// <summary>The settings stored with an operation; keys it lacks (an execution started by hand) come from <paramref name="fallback"/>.</summary>
        public static RestoreSettings ReadSettings(OperationRecord record, RestoreSettings? fallback)
        {
            var settings = fallback?.Clone() ?? new RestoreSettings();
            settings.SourceClusterIdentifier = record.DataString(SourceClusterId) ?? settings.SourceClusterIdentifier;
            settings.TargetClusterIdentifier = record.DataString(TargetClusterId) ?? settings.TargetClusterIdentifier;
            settings.SourceRegion = record.DataString(SourceRegion) ?? settings.SourceRegion;
            settings.TargetRegion = record.DataString(TargetRegion) ?? (string.IsNullOrEmpty(settings.TargetRegion) ? settings.SourceRegion : settings.TargetRegion);
            if (record.Data[Settings] is JsonObject stored)
            {
                var merged = RestoreSettings.FromConfigurationJson(stored.ToJsonString(), "the operation's stored settings");
                settings.SnapshotPrefix = merged.SnapshotPrefix ?? settings.SnapshotPrefix;
                settings.DbSubnetGroupName = merged.DbSubnetGroupName;
                settings.VpcSecurityGroupIds = merged.VpcSecurityGroupIds;
                settings.DbInstanceClass = merged.DbInstanceClass;
                settings.InstanceCount = merged.InstanceCount;
                settings.Port = merged.Port;
                settings.Engine = merged.Engine;
                settings.IamDatabaseAuthentication = merged.IamDatabaseAuthentication;
                settings.StorageEncrypted = merged.StorageEncrypted;
                settings.KmsKeyId = merged.KmsKeyId;
                settings.DeletionProtection = merged.DeletionProtection;
                settings.MasterSecretId = merged.MasterSecretId;
                settings.AppSecretId = merged.AppSecretId;
                settings.SetupDbUsers = merged.SetupDbUsers;
                settings.DatabaseName = merged.DatabaseName;
                settings.MetricsNamespace = merged.MetricsNamespace;
                settings.MetricsEnabled = merged.MetricsEnabled;
                settings.NotificationDetail = merged.NotificationDetail;
                settings.DatabaseEndpointOverride = stored["database_endpoint_override"] is JsonValue o ? o.GetValue<string>() : null;
            }

            return settings;
        }

        public static bool IsPointInTime(OperationRecord record) => record.DataString(RestoreTime) != null || record.DataBool(UseLatestRestorableTime);

        public static DateTimeOffset? RestoreTimeOf(OperationRecord record) => IsoTime.Parse(record.DataString(RestoreTime));
    }
}
