using System;
using System.IO;
using AuroraRestore.Common;

namespace AuroraRestore.LambdaHost
{
    /// <summary>The function's configuration from its environment variables (set by the pipeline template).</summary>
    public sealed class HostSettings
    {
        public string Environment { get; set; } = "production";

        public string PipelineVersion { get; set; } = string.Empty;

        public string StateTable { get; set; } = string.Empty;

        public string AuditTable { get; set; } = string.Empty;

        public string ControlTable { get; set; } = string.Empty;

        public string ConfigParameter { get; set; } = string.Empty;

        public string? TopicArn { get; set; }

        public string? ChatOpsWebhook { get; set; }

        public static HostSettings FromEnvironment()
        {
            string Get(string name) => System.Environment.GetEnvironmentVariable(name) ?? string.Empty;
            var settings = new HostSettings
            {
                Environment = string.IsNullOrEmpty(Get("AURORA_RESTORE_ENVIRONMENT")) ? "production" : Get("AURORA_RESTORE_ENVIRONMENT"),
                PipelineVersion = Get("AURORA_RESTORE_PIPELINE_VERSION"),
                StateTable = Get("AURORA_RESTORE_STATE_TABLE"),
                AuditTable = Get("AURORA_RESTORE_AUDIT_TABLE"),
                ControlTable = Get("AURORA_RESTORE_CONTROL_TABLE"),
                ConfigParameter = Get("AURORA_RESTORE_CONFIG_PARAMETER"),
                TopicArn = string.IsNullOrEmpty(Get("AURORA_RESTORE_TOPIC_ARN")) ? null : Get("AURORA_RESTORE_TOPIC_ARN"),
                ChatOpsWebhook = string.IsNullOrEmpty(Get("AURORA_RESTORE_CHATOPS_WEBHOOK")) ? null : Get("AURORA_RESTORE_CHATOPS_WEBHOOK"),
            };
            if (string.IsNullOrEmpty(settings.PipelineVersion))
            {
                // The build stamps each package with its version (build.ps1): the fallback when the variable is missing.
                var stamp = Path.Combine(AppContext.BaseDirectory, "pipeline-version.txt");
                settings.PipelineVersion = File.Exists(stamp) ? File.ReadAllText(stamp).Trim() : string.Empty;
            }

            if (string.IsNullOrEmpty(settings.PipelineVersion) || string.IsNullOrEmpty(settings.StateTable) || string.IsNullOrEmpty(settings.AuditTable))
            {
                throw new AuroraRestoreException(
                    "LambdaHostMisconfigured", FailureCategory.InvalidData, null,
                    "AURORA_RESTORE_PIPELINE_VERSION (or pipeline-version.txt), AURORA_RESTORE_STATE_TABLE and AURORA_RESTORE_AUDIT_TABLE must be set.",
                    "Redeploy the function with the pipeline template, which sets them.");
            }

            return settings;
        }
    }
}
