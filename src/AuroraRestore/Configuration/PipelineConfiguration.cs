using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AuroraRestore.Common;

namespace AuroraRestore.Configuration
{
    /// <summary>
    /// One environment's pipeline configuration document (docs/formats/configuration.md): format 1 for pipelines
    /// 1.0.x and 2.0.x, format 2 for 3.0.x. It holds names and ids only, never secret values. Immutable: read it with
    /// <see cref="Parse"/>, write it with <see cref="ToJson"/>.
    /// </summary>
    public sealed class PipelineConfiguration
    {
        public const string MalformedErrorId = "ConfigurationMalformed";
        public const string InvalidErrorId = "ConfigurationInvalid";
        public const string FormatUnsupportedErrorId = "ConfigurationFormatUnsupported";

        public const string DefaultDbInstanceClass = "db.r6g.large";
        public const int DefaultInstanceCount = 1;
        public const int DefaultPort = 5432;
        public const string DefaultEngine = "aurora-postgresql";
        public const string DefaultDatabaseName = "postgres";
        public const string DefaultMetricsNamespace = "AuroraRestore";
        public const string DefaultNotificationDetail = "full";
        public const int DefaultStepRetryMaxAttempts = 3;
        public const int DefaultOperationTimeoutMinutes = 240;

        private readonly JsonElement? downMigrationData;

        private PipelineConfiguration(PipelineConfigurationReader reader)
        {
            FormatVersion = reader.Format;
            SourceRegion = reader.Region(ConfigurationKeys.SourceRegion, null);
            TargetRegion = reader.Region(ConfigurationKeys.TargetRegion, SourceRegion);
            SourceClusterId = reader.ClusterIdentifier(ConfigurationKeys.SourceClusterId);
            TargetClusterId = reader.ClusterIdentifier(ConfigurationKeys.TargetClusterId);
            if (TargetRegion == SourceRegion && string.Equals(TargetClusterId, SourceClusterId, StringComparison.OrdinalIgnoreCase))
            {
                // RDS identifiers are case-insensitive: restoring onto the source would replace (delete) the source.
                throw PipelineConfigurationReader.Invalid(
                    ConfigurationKeys.TargetClusterId,
                    $"'{ConfigurationKeys.TargetClusterId}' is the source cluster '{SourceClusterId}' in the same region: a restore replaces its target, so it would delete the source.");
            }

            SnapshotPrefix = reader.SnapshotPrefix("rds:" + SourceClusterId + "-");
            DbSubnetGroupName = reader.SubnetGroupName();
            VpcSecurityGroupIds = reader.SecurityGroupIds();
            DbInstanceClass = reader.InstanceClassName(DefaultDbInstanceClass);
            InstanceCount = reader.Integer(ConfigurationKeys.InstanceCount, 1, 15, DefaultInstanceCount);
            Port = reader.Integer(ConfigurationKeys.Port, 1150, 65535, DefaultPort);
            Engine = reader.Engine(DefaultEngine);
            IamDatabaseAuthentication = reader.Boolean(ConfigurationKeys.IamDatabaseAuthentication, false);
            StorageEncrypted = reader.Boolean(ConfigurationKeys.StorageEncrypted, true);
            KmsKeyId = reader.KmsKey();
            DeletionProtection = reader.Boolean(ConfigurationKeys.DeletionProtection, false);
            MasterSecretId = reader.Secret(ConfigurationKeys.MasterSecretId);
            AppSecretId = reader.Secret(ConfigurationKeys.AppSecretId);
            SetupDbUsers = reader.Boolean(ConfigurationKeys.SetupDbUsers, true);
            DatabaseName = reader.DatabaseName(DefaultDatabaseName);

            // Format 1 documents cannot hold these keys (the reader refuses them); the defaults are what 1→2 adds.
            MetricsNamespace = reader.MetricsNamespace(DefaultMetricsNamespace);
            MetricsEnabled = reader.Boolean(ConfigurationKeys.MetricsEnabled, true);
            NotificationDetail = reader.NotificationDetail(DefaultNotificationDetail);
            StepRetryMaxAttempts = reader.Integer(ConfigurationKeys.StepRetryMaxAttempts, 1, 10, DefaultStepRetryMaxAttempts);
            OperationTimeoutMinutes = reader.Integer(ConfigurationKeys.OperationTimeoutMinutes, 10, 1440, DefaultOperationTimeoutMinutes);
            downMigrationData = reader.DownMigrationData();
        }

        /// <summary>1 (pipelines 1.0.x, 2.0.x) or 2 (3.0.x).</summary>
        public int FormatVersion { get; }

        public string SourceRegion { get; }

        /// <summary>Defaults to <see cref="SourceRegion"/>.</summary>
        public string TargetRegion { get; }

        public string SourceClusterId { get; }

        public string TargetClusterId { get; }

        /// <summary>Prefix of the daily snapshots (the date yyyy-MM-dd follows); defaults to rds:&lt;source_cluster_id&gt;-.</summary>
        public string SnapshotPrefix { get; }

        public string? DbSubnetGroupName { get; }

        public IReadOnlyList<string> VpcSecurityGroupIds { get; }

        public string DbInstanceClass { get; }

        /// <summary>1 to 15.</summary>
        public int InstanceCount { get; }

        /// <summary>1150 to 65535 (the ports RDS accepts).</summary>
        public int Port { get; }

        /// <summary>aurora-postgresql or aurora-mysql.</summary>
        public string Engine { get; }

        public bool IamDatabaseAuthentication { get; }

        public bool StorageEncrypted { get; }

        public string? KmsKeyId { get; }

        public bool DeletionProtection { get; }

        /// <summary>Secrets Manager id of the master credentials (the id only, never the secret).</summary>
        public string? MasterSecretId { get; }

        /// <summary>Secrets Manager id of the application user's credentials.</summary>
        public string? AppSecretId { get; }

        public bool SetupDbUsers { get; }

        public string DatabaseName { get; }

        /// <summary>Format 2. In a format 1 document: the default the 1→2 conversion adds.</summary>
        public string MetricsNamespace { get; }

        /// <summary>Format 2. In a format 1 document: the default the 1→2 conversion adds.</summary>
        public bool MetricsEnabled { get; }

        /// <summary>Format 2: full or summary. In a format 1 document: the default the 1→2 conversion adds.</summary>
        public string NotificationDetail { get; }

        /// <summary>Format 2: 1 to 10. In a format 1 document: the default the 1→2 conversion adds.</summary>
        public int StepRetryMaxAttempts { get; }

        /// <summary>Format 2: 10 to 1440. In a format 1 document: the default the 1→2 conversion adds.</summary>
        public int OperationTimeoutMinutes { get; }

        /// <summary>The reserved <c>_ar_down</c> object kept by a down-conversion (a copy), or null.</summary>
        public JsonElement? DownMigrationData => downMigrationData?.Clone();

        /// <summary>
        /// Reads and checks a document strictly: unknown, misspelt, missing, mistyped or out-of-range keys are refused,
        /// so that nothing is half-applied; documented defaults fill what the document leaves out.
        /// </summary>
        /// <param name="json">The document.</param>
        /// <param name="expectedFormat">The format the pipeline version reads (PipelineVersionDefinition.ConfigFormat).</param>
        /// <exception cref="AuroraRestoreException">
        /// ConfigurationMalformed (not JSON; the message gives line and position), ConfigurationInvalid (the target is the key at fault),
        /// ConfigurationFormatUnsupported (an <paramref name="expectedFormat"/> the module does not know).
        /// </exception>
        public static PipelineConfiguration Parse(string json, int expectedFormat)
            => new PipelineConfiguration(PipelineConfigurationReader.Open(json, expectedFormat));

        /// <summary>
        /// The canonical document: indented, keys in the documented order, every key with its effective value
        /// (defaults written out) except optional ids that are not set. Parse(ToJson()) gives an equal configuration.
        /// </summary>
        public string ToJson()
        {
            // Relaxed escaping: the document is a file and an SSM value, never HTML, so '+' in an id stays '+'.
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteNumber(ConfigurationKeys.FormatVersion, FormatVersion);
                writer.WriteString(ConfigurationKeys.SourceRegion, SourceRegion);
                writer.WriteString(ConfigurationKeys.TargetRegion, TargetRegion);
                writer.WriteString(ConfigurationKeys.SourceClusterId, SourceClusterId);
                writer.WriteString(ConfigurationKeys.TargetClusterId, TargetClusterId);
                writer.WriteString(ConfigurationKeys.SnapshotPrefix, SnapshotPrefix);
                WriteOptional(writer, ConfigurationKeys.DbSubnetGroupName, DbSubnetGroupName);
                writer.WriteStartArray(ConfigurationKeys.VpcSecurityGroupIds);
                foreach (var id in VpcSecurityGroupIds)
                {
                    writer.WriteStringValue(id);
                }

                writer.WriteEndArray();
                writer.WriteString(ConfigurationKeys.DbInstanceClass, DbInstanceClass);
                writer.WriteNumber(ConfigurationKeys.InstanceCount, InstanceCount);
                writer.WriteNumber(ConfigurationKeys.Port, Port);
                writer.WriteString(ConfigurationKeys.Engine, Engine);
                writer.WriteBoolean(ConfigurationKeys.IamDatabaseAuthentication, IamDatabaseAuthentication);
                writer.WriteBoolean(ConfigurationKeys.StorageEncrypted, StorageEncrypted);
                WriteOptional(writer, ConfigurationKeys.KmsKeyId, KmsKeyId);
                writer.WriteBoolean(ConfigurationKeys.DeletionProtection, DeletionProtection);
                WriteOptional(writer, ConfigurationKeys.MasterSecretId, MasterSecretId);
                WriteOptional(writer, ConfigurationKeys.AppSecretId, AppSecretId);
                writer.WriteBoolean(ConfigurationKeys.SetupDbUsers, SetupDbUsers);
                writer.WriteString(ConfigurationKeys.DatabaseName, DatabaseName);
                if (FormatVersion >= 2)
                {
                    writer.WriteString(ConfigurationKeys.MetricsNamespace, MetricsNamespace);
                    writer.WriteBoolean(ConfigurationKeys.MetricsEnabled, MetricsEnabled);
                    writer.WriteString(ConfigurationKeys.NotificationDetail, NotificationDetail);
                    writer.WriteNumber(ConfigurationKeys.StepRetryMaxAttempts, StepRetryMaxAttempts);
                    writer.WriteNumber(ConfigurationKeys.OperationTimeoutMinutes, OperationTimeoutMinutes);
                }

                if (downMigrationData is JsonElement down)
                {
                    writer.WritePropertyName(ConfigurationKeys.DownMigrationData);
                    down.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            // Utf8JsonWriter indents with Environment.NewLine: one line ending everywhere keeps the document byte-stable.
            return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
        }

        public override string ToString() => $"{SourceClusterId} ({SourceRegion}) -> {TargetClusterId} ({TargetRegion}), format {FormatVersion}";

        private static void WriteOptional(Utf8JsonWriter writer, string key, string? value)
        {
            if (value != null)
            {
                writer.WriteString(key, value);
            }
        }
    }
}
