using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.CloudFormation
{
    /// <summary>The CloudFormation operations the module uses (botocore: cloudformation/2010-05-15, Query protocol).</summary>
    public interface ICloudFormationClient : IDisposable
    {
        /// <returns>The stack id.</returns>
        Task<string> CreateStackAsync(StackRequest request, CancellationToken cancellationToken);

        /// <returns>The stack id, or null when CloudFormation answered "No updates are to be performed".</returns>
        Task<string?> UpdateStackAsync(StackRequest request, CancellationToken cancellationToken);

        Task DeleteStackAsync(string stackName, CancellationToken cancellationToken);

        /// <returns>The stack, or null when it does not exist.</returns>
        Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken);

        /// <summary>Every stack of the account and region that is not deleted (all pages), with tags and outputs.</summary>
        Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(CancellationToken cancellationToken);

        /// <summary>Newest first, as CloudFormation returns them (all pages).</summary>
        Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackName, CancellationToken cancellationToken);

        /// <summary>The template body exactly as deployed (stage Original).</summary>
        Task<string> GetTemplateAsync(string stackName, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> ValidateTemplateAsync(string templateBody, CancellationToken cancellationToken);

        /// <returns>The change set id.</returns>
        Task<string> CreateChangeSetAsync(StackRequest request, string changeSetName, CancellationToken cancellationToken);

        Task<ChangeSetDescription> DescribeChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken);

        Task DeleteChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken);
    }

    public sealed class StackRequest
    {
        public StackRequest(string stackName, string templateBody)
        {
            StackName = stackName;
            TemplateBody = templateBody;
        }

        public string StackName { get; }

        public string TemplateBody { get; }

        public IDictionary<string, string> Parameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Parameters sent with UsePreviousValue=true instead of a value (updates only): how a NoEcho secret such as
        /// ChatOpsWebhookUrl is kept without the module ever reading or sending it.
        /// </summary>
        public ISet<string> PreviousValueParameters { get; } = new SortedSet<string>(StringComparer.Ordinal);

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>CAPABILITY_IAM, CAPABILITY_NAMED_IAM.</summary>
        public IList<string> Capabilities { get; } = new List<string>();

        /// <summary>
        /// Sent with CreateStack and UpdateStack, one per request object: when an answer is lost and the request is sent
        /// again (by the retry policy, or by .NET's HTTP stack on a dead connection), CloudFormation recognises its own
        /// request by the token instead of refusing it with AlreadyExists or "is in UPDATE_IN_PROGRESS state".
        /// </summary>
        public string ClientRequestToken { get; set; } = "aurora-restore-" + Guid.NewGuid().ToString("N");
    }

    public sealed class StackDescription
    {
        public string StackId { get; set; } = string.Empty;

        public string StackName { get; set; } = string.Empty;

        /// <summary>CREATE_COMPLETE, UPDATE_ROLLBACK_FAILED, ...</summary>
        public string StackStatus { get; set; } = string.Empty;

        public string? StackStatusReason { get; set; }

        public DateTimeOffset? CreationTime { get; set; }

        public DateTimeOffset? LastUpdatedTime { get; set; }

        public IDictionary<string, string> Parameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public IDictionary<string, string> Outputs { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public IList<string> Capabilities { get; } = new List<string>();
    }

    public sealed class StackEvent
    {
        public string EventId { get; set; } = string.Empty;

        public string LogicalResourceId { get; set; } = string.Empty;

        public string? PhysicalResourceId { get; set; }

        public string ResourceType { get; set; } = string.Empty;

        public string ResourceStatus { get; set; } = string.Empty;

        public string? ResourceStatusReason { get; set; }

        public DateTimeOffset Timestamp { get; set; }
    }

    public sealed class ChangeSetDescription
    {
        public string Status { get; set; } = string.Empty;

        public string? StatusReason { get; set; }

        public string? ExecutionStatus { get; set; }

        public IList<ResourceChange> Changes { get; } = new List<ResourceChange>();
    }

    public sealed class ResourceChange
    {
        /// <summary>Add, Modify, Remove, Import, Dynamic.</summary>
        public string Action { get; set; } = string.Empty;

        public string LogicalResourceId { get; set; } = string.Empty;

        public string ResourceType { get; set; } = string.Empty;

        /// <summary>True, False or Conditional.</summary>
        public string? Replacement { get; set; }
    }
}
