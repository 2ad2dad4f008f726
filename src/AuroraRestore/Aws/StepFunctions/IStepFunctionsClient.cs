using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.StepFunctions
{
    /// <summary>The Step Functions operations the module uses (botocore: stepfunctions/2016-11-23, JSON 1.0, signing name "states").</summary>
    public interface IStepFunctionsClient : IDisposable
    {
        /// <returns>The state machine, or null when it does not exist.</returns>
        Task<StateMachineDescription?> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken);

        Task UpdateStateMachineAsync(string stateMachineArn, string definition, CancellationToken cancellationToken);

        /// <returns>The execution ARN.</returns>
        Task<string> StartExecutionAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken);

        /// <returns>The execution, or null when it does not exist.</returns>
        Task<ExecutionDescription?> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken);

        Task StopExecutionAsync(string executionArn, string? error, string? cause, CancellationToken cancellationToken);

        Task<IReadOnlyList<ExecutionDescription>> ListExecutionsAsync(string stateMachineArn, string? statusFilter, CancellationToken cancellationToken);
    }

    public sealed class StateMachineDescription
    {
        public string StateMachineArn { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string Definition { get; set; } = string.Empty;

        public string RoleArn { get; set; } = string.Empty;

        /// <summary>STANDARD or EXPRESS.</summary>
        public string? Type { get; set; }

        public DateTimeOffset? CreationDate { get; set; }

        public string? RevisionId { get; set; }
    }

    public sealed class ExecutionDescription
    {
        public string ExecutionArn { get; set; } = string.Empty;

        public string StateMachineArn { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED.</summary>
        public string Status { get; set; } = string.Empty;

        public string? Input { get; set; }

        public string? Output { get; set; }

        public DateTimeOffset? StartDate { get; set; }

        public DateTimeOffset? StopDate { get; set; }

        /// <summary>The error code of a failed or stopped execution (DescribeExecution only; ListExecutions does not return it).</summary>
        public string? Error { get; set; }

        /// <summary>Why it failed or was stopped (DescribeExecution only).</summary>
        public string? Cause { get; set; }
    }
}
