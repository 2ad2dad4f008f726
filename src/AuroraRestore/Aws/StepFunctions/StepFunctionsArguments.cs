using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.StepFunctions
{
    /// <summary>
    /// Checks Step Functions arguments against botocore's constraints (stepfunctions/2016-11-23 shapes) and the
    /// documented naming rules before any request is sent. Inputs and definitions may hold sensitive data:
    /// errors describe what is wrong with them, never their content.
    /// </summary>
    public static class StepFunctionsArguments
    {
        private static readonly Regex StateMachineArnPattern = new Regex(
            @"^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:\s]{1,80}(:[^:\s]{1,80})?$", RegexOptions.CultureInvariant);

        // Standard executions: execution:{machine}:{name}; express ones add a run id: express:{machine}:{name}:{id}.
        private static readonly Regex ExecutionArnPattern = new Regex(
            @"^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:\d{12}:(execution|express):[^:\s]{1,80}(:[^:\s]{1,80}){1,2}$", RegexOptions.CultureInvariant);

        private static readonly string[] Statuses = { "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE" };

        private const string ForbiddenNameCharacters = " <>{}[]?*\"#%\\^|~`$&,;:/";

        public const int MaxArnLength = 256;
        public const int MaxNameLength = 80;
        public const int MaxInputBytes = 262144;
        public const int MaxDefinitionLength = 1048576;
        public const int MaxErrorLength = 256;
        public const int MaxCauseLength = 32768;

        public static void StateMachineArn(string? arn)
        {
            if (arn == null || arn.Length > MaxArnLength || !StateMachineArnPattern.IsMatch(arn))
            {
                throw new AuroraRestoreException(
                    "InvalidStateMachineArn", FailureCategory.InvalidArgument, arn,
                    $"'{arn}' is not a state machine ARN.",
                    "Pass the full ARN, for example arn:aws:states:us-east-1:123456789012:stateMachine:aurora-restore-state-machine.");
            }
        }

        public static void ExecutionArn(string? arn)
        {
            if (arn == null || arn.Length > MaxArnLength || !ExecutionArnPattern.IsMatch(arn))
            {
                throw new AuroraRestoreException(
                    "InvalidExecutionArn", FailureCategory.InvalidArgument, arn,
                    $"'{arn}' is not a Step Functions execution ARN.",
                    "Pass the ARN StartExecution returned, for example arn:aws:states:us-east-1:123456789012:execution:aurora-restore-state-machine:restore-42.");
            }
        }

        /// <summary>Execution names are required here (never generated) so that a retried start is idempotent.</summary>
        public static void ExecutionName(string? name)
        {
            if (string.IsNullOrEmpty(name) || name!.Length > MaxNameLength || name.Any(IsForbiddenInName))
            {
                throw new AuroraRestoreException(
                    "InvalidExecutionName", FailureCategory.InvalidArgument, name,
                    $"'{name}' is not a valid Step Functions execution name.",
                    "Use 1 to 80 characters without white space, brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /; letters, digits, '-' and '_' are always safe.");
            }
        }

        public static void ExecutionInput(string? input)
        {
            if (input == null || Encoding.UTF8.GetByteCount(input) > MaxInputBytes || !IsJson(input, out _))
            {
                throw new AuroraRestoreException(
                    "InvalidExecutionInput", FailureCategory.InvalidArgument, null,
                    $"The execution input is not a JSON document of at most {MaxInputBytes} bytes.",
                    "Pass the input as JSON text, for example '{}' or the serialized restore request.");
            }
        }

        /// <summary>A definition must at least be Amazon States Language's outer shape: a JSON object with StartAt and States.</summary>
        public static void Definition(string? definition)
        {
            if (definition == null || definition.Length > MaxDefinitionLength || !IsJson(definition, out var node)
                || node is not JsonObject document || document["StartAt"] is not JsonValue || document["States"] is not JsonObject)
            {
                throw new AuroraRestoreException(
                    "InvalidStateMachineDefinition", FailureCategory.InvalidArgument, null,
                    $"The state machine definition is not an Amazon States Language document (a JSON object with StartAt and States, at most {MaxDefinitionLength} characters).",
                    "Pass the definition of the pipeline version being installed, as JSON text.");
            }
        }

        public static void StatusFilter(string? status)
        {
            if (status != null && Array.IndexOf(Statuses, status) < 0)
            {
                throw new AuroraRestoreException(
                    "InvalidExecutionStatusFilter", FailureCategory.InvalidArgument, status,
                    $"'{status}' is not a Step Functions execution status.",
                    "Pass one of " + string.Join(", ", Statuses) + ", or no filter.");
            }
        }

        public static void StopReason(string? error, string? cause)
        {
            if ((error != null && error.Length > MaxErrorLength) || (cause != null && cause.Length > MaxCauseLength))
            {
                throw new AuroraRestoreException(
                    "InvalidExecutionStopReason", FailureCategory.InvalidArgument, error,
                    $"The stop error must be at most {MaxErrorLength} characters and the cause at most {MaxCauseLength}.",
                    "Shorten the error code or the cause.");
            }
        }

        private static bool IsForbiddenInName(char c)
            => char.IsWhiteSpace(c) || c <= '\u001F' || (c >= '\u007F' && c <= '\u009F') || char.IsSurrogate(c) || c >= '\uFFFE'
            || ForbiddenNameCharacters.IndexOf(c) >= 0;

        private static bool IsJson(string text, out JsonNode? node)
        {
            try
            {
                node = JsonNode.Parse(text);
                return true;
            }
            catch (JsonException)
            {
                node = null;
                return false;
            }
        }
    }
}
