using System;
using System.Text.RegularExpressions;
using AuroraRestore.Common;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// The names of everything one pipeline environment owns. <c>production</c> keeps the names of the
    /// migration guide (and so of existing installs); every other environment appends its name (docs/environments.md).
    /// </summary>
    public sealed class PipelineEnvironment
    {
        public const string Production = "production";

        private static readonly Regex NamePattern = new Regex("^[a-z][a-z0-9-]{0,19}$", RegexOptions.CultureInvariant);

        private PipelineEnvironment(string name)
        {
            Name = name;
            var suffix = name == Production ? string.Empty : "-" + name;
            var tableSuffix = name == Production ? string.Empty : "-" + name;
            MainStackName = "aurora-restore-pipeline" + suffix;
            IamStackName = "aurora-restore-pipeline" + suffix + "-iam";
            StateTableName = "AuroraRestoreState" + tableSuffix;
            AuditTableName = "AuroraRestoreAudit" + tableSuffix;
            ControlTableName = "AuroraRestoreControl" + tableSuffix;
            ResourcePrefix = "aurora-restore" + suffix;
            ConfigurationParameterName = "/aurora-restore/" + name + "/config";
        }

        public string Name { get; }

        /// <summary>Lambda functions, state machine, topic and alarms (CloudFormation and Lambda name parts).</summary>
        public string MainStackName { get; }

        /// <summary>Roles and policies; deployed before the main stack and updated first on 2.0→3.0.</summary>
        public string IamStackName { get; }

        public string StateTableName { get; }

        public string AuditTableName { get; }

        /// <summary>The module's own records: upgrade journal, lock, intake freeze, migration checkpoints.</summary>
        public string ControlTableName { get; }

        /// <summary>Prefix of function, state machine, topic, alarm and role names: aurora-restore[-env].</summary>
        public string ResourcePrefix { get; }

        /// <summary>SSM parameter holding the pipeline configuration document.</summary>
        public string ConfigurationParameterName { get; }

        public string FunctionName(string function) => ResourcePrefix + "-" + function;

        public string StateMachineName => ResourcePrefix + "-state-machine";

        public string TopicName => ResourcePrefix + "-notifications";

        public string AlarmName(string alarm) => ResourcePrefix + "-" + alarm;

        /// <summary>Artifact bucket for Lambda packages and (by default) backup sets: one per account and region.</summary>
        public static string ArtifactBucketName(string accountId, string region) => $"aurora-restore-artifacts-{accountId}-{region}";

        public static bool IsValidName(string? name) => name != null && NamePattern.IsMatch(name);

        public static PipelineEnvironment Named(string? name)
        {
            if (!IsValidName(name))
            {
                throw new AuroraRestoreException(
                    "InvalidEnvironmentName", FailureCategory.InvalidArgument, name,
                    $"'{name}' is not a valid environment name.",
                    "Use 1 to 20 lower-case letters, digits or hyphens, starting with a letter (for example production or staging).");
            }

            return new PipelineEnvironment(name!);
        }

        public override string ToString() => Name;
    }
}
