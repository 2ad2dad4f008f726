using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// The parameter values of the two stacks for one environment and version. Only the parameters the version's
    /// template declares are returned (CloudFormation refuses undeclared ones), so a later version may add or drop some.
    /// </summary>
    public static class PipelineStackParameters
    {
        public const string EnvironmentName = "EnvironmentName";
        public const string ResourcePrefix = "ResourcePrefix";
        public const string StateTableName = "StateTableName";
        public const string AuditTableName = "AuditTableName";
        public const string ControlTableName = "ControlTableName";
        public const string ConfigParameterName = "ConfigParameterName";
        public const string ArtifactBucket = "ArtifactBucket";
        public const string ArtifactKey = "ArtifactKey";
        public const string LambdaRoleArn = "LambdaRoleArn";
        public const string StateMachineRoleArn = "StateMachineRoleArn";

        /// <summary>
        /// NoEcho secret of the main stack. Never set here: the installer passes the user's value on create and
        /// UsePreviousValue on every update (omitting it would reset it to the empty default).
        /// </summary>
        public const string ChatOpsWebhookUrl = "ChatOpsWebhookUrl";

        public const string InvalidStackParameterErrorId = "InvalidStackParameter";

        // S3 bucket naming rules (lower-case letters, digits, dots, hyphens; 3-63 characters).
        private static readonly Regex BucketName = new Regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
        private static readonly Regex RoleArn = new Regex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", RegexOptions.CultureInvariant);

        /// <summary>Parameters of the IAM stack. <paramref name="artifactBucket"/> is only recorded as a tag on the roles.</summary>
        public static IDictionary<string, string> ForIamStack(PipelineEnvironment env, PipelineVersionDefinition v, string? artifactBucket = null)
        {
            Require(env, v);
            var values = new Dictionary<string, string>(EnvironmentValues(env), StringComparer.Ordinal);
            if (artifactBucket != null)
            {
                values[ArtifactBucket] = CheckBucket(artifactBucket);
            }

            return Declared(values, v.IamTemplateParameters, v.Version + "/iam.template.json");
        }

        /// <summary>Parameters of the main stack, except the NoEcho <see cref="ChatOpsWebhookUrl"/>.</summary>
        public static IDictionary<string, string> ForMainStack(
            PipelineEnvironment env,
            PipelineVersionDefinition v,
            string artifactBucket,
            string artifactKey,
            string lambdaRoleArn,
            string stateMachineRoleArn)
        {
            Require(env, v);
            var values = new Dictionary<string, string>(EnvironmentValues(env), StringComparer.Ordinal)
            {
                [ArtifactBucket] = CheckBucket(artifactBucket),
                [ArtifactKey] = CheckKey(artifactKey),
                [LambdaRoleArn] = CheckRoleArn(LambdaRoleArn, lambdaRoleArn),
                [StateMachineRoleArn] = CheckRoleArn(StateMachineRoleArn, stateMachineRoleArn),
            };
            return Declared(values, v.MainTemplateParameters, v.Version + "/main.template.json");
        }

        /// <summary>The values that follow from the environment alone (names of tables, prefix, configuration parameter).</summary>
        internal static IReadOnlyDictionary<string, string> EnvironmentValues(PipelineEnvironment env) => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentName] = env.Name,
            [ResourcePrefix] = env.ResourcePrefix,
            [StateTableName] = env.StateTableName,
            [AuditTableName] = env.AuditTableName,
            [ControlTableName] = env.ControlTableName,
            [ConfigParameterName] = env.ConfigurationParameterName,
        };

        private static void Require(PipelineEnvironment env, PipelineVersionDefinition v)
        {
            if (env == null)
            {
                throw new ArgumentNullException(nameof(env));
            }

            if (v == null)
            {
                throw new ArgumentNullException(nameof(v));
            }
        }

        /// <summary>Keeps the values the template declares, in its order; a required parameter without a value is a template defect.</summary>
        private static IDictionary<string, string> Declared(Dictionary<string, string> values, IReadOnlyList<TemplateParameter> declared, string templatePath)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in declared)
            {
                if (values.TryGetValue(parameter.Name, out var value))
                {
                    result[parameter.Name] = value;
                }
                else if (parameter.IsRequired)
                {
                    throw CatalogDocument.Invalid(templatePath, $"parameter '{parameter.Name}' is required but the module has no value for it");
                }
            }

            return result;
        }

        private static string CheckBucket(string? bucket)
        {
            if (bucket == null || !BucketName.IsMatch(bucket))
            {
                throw Invalid(ArtifactBucket, bucket, $"'{bucket}' is not a valid S3 bucket name.", "Use the artifact bucket's name (3-63 lower-case letters, digits, dots or hyphens), for example aurora-restore-artifacts-<account>-<region>.");
            }

            return bucket;
        }

        private static string CheckKey(string? key)
        {
            if (string.IsNullOrWhiteSpace(key) || key!.Length > 1024)
            {
                throw Invalid(ArtifactKey, key, "The Lambda package's S3 key is empty or longer than 1024 characters.", "Pass the key the Lambda package was uploaded to, for example aurora-restore-lambda-2.0.0.zip.");
            }

            return key;
        }

        private static string CheckRoleArn(string parameter, string? arn)
        {
            if (arn == null || !RoleArn.IsMatch(arn))
            {
                throw Invalid(parameter, arn, $"'{arn}' is not an IAM role ARN.", $"Pass the IAM stack's output {parameter} (arn:aws:iam::<account>:role/<name>).");
            }

            return arn;
        }

        private static AuroraRestoreException Invalid(string parameter, string? value, string message, string action)
            => new AuroraRestoreException(InvalidStackParameterErrorId, FailureCategory.InvalidArgument, value, $"Stack parameter {parameter}: {message}", action);
    }
}
