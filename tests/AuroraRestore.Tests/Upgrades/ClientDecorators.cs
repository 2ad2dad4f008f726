using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Aws.Lambda;
using AuroraRestore.Common;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// The real CloudFormation client, with one stack reported in a status moto cannot reach (UPDATE_ROLLBACK_FAILED),
    /// and, optionally, change sets answered as CloudFormation would (moto cannot make them on existing stacks).
    /// Every other call goes to moto unchanged.
    /// </summary>
    public sealed class StackStatusOverride : ICloudFormationClient
    {
        private readonly ICloudFormationClient inner;
        private readonly string stackName;
        private readonly string status;

        public StackStatusOverride(ICloudFormationClient inner, string stackName, string status)
        {
            this.inner = inner;
            this.stackName = stackName;
            this.status = status;
        }

        /// <summary>Change sets made through this client (name → stack), and those deleted again.</summary>
        public List<string> ChangeSetsCreated { get; } = new List<string>();

        public List<string> ChangeSetsDeleted { get; } = new List<string>();

        /// <summary>When set, CreateChangeSet and DescribeChangeSet answer with these changes instead of calling moto.</summary>
        public IList<ResourceChange>? ScriptedChangeSet { get; set; }

        public Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(CancellationToken cancellationToken) => inner.DescribeStacksAsync(cancellationToken);

        public async Task<StackDescription?> DescribeStackAsync(string name, CancellationToken cancellationToken)
        {
            var stack = await inner.DescribeStackAsync(name, cancellationToken);
            if (stack != null && name == stackName)
            {
                stack.StackStatus = status;
                stack.StackStatusReason = "The following resource(s) failed to update: [SnapshotCheckFunction].";
            }

            return stack;
        }

        public Task<string> CreateStackAsync(StackRequest request, CancellationToken cancellationToken) => inner.CreateStackAsync(request, cancellationToken);

        public Task<string?> UpdateStackAsync(StackRequest request, CancellationToken cancellationToken) => inner.UpdateStackAsync(request, cancellationToken);

        public Task DeleteStackAsync(string name, CancellationToken cancellationToken) => inner.DeleteStackAsync(name, cancellationToken);

        public Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string name, CancellationToken cancellationToken) => inner.DescribeStackEventsAsync(name, cancellationToken);

        public Task<string> GetTemplateAsync(string name, CancellationToken cancellationToken) => inner.GetTemplateAsync(name, cancellationToken);

        public Task<IReadOnlyList<string>> ValidateTemplateAsync(string templateBody, CancellationToken cancellationToken) => inner.ValidateTemplateAsync(templateBody, cancellationToken);

        public Task<string> CreateChangeSetAsync(StackRequest request, string changeSetName, CancellationToken cancellationToken)
        {
            ChangeSetsCreated.Add(request.StackName + "/" + changeSetName);
            return ScriptedChangeSet != null ? Task.FromResult("arn:aws:cloudformation:us-east-1:123456789012:changeSet/" + changeSetName + "/1") : inner.CreateChangeSetAsync(request, changeSetName, cancellationToken);
        }

        public Task<ChangeSetDescription> DescribeChangeSetAsync(string name, string changeSetName, CancellationToken cancellationToken)
        {
            if (ScriptedChangeSet == null)
            {
                return inner.DescribeChangeSetAsync(name, changeSetName, cancellationToken);
            }

            var description = new ChangeSetDescription { Status = "CREATE_COMPLETE", ExecutionStatus = "AVAILABLE" };
            foreach (var change in ScriptedChangeSet)
            {
                description.Changes.Add(change);
            }

            return Task.FromResult(description);
        }

        public Task DeleteChangeSetAsync(string name, string changeSetName, CancellationToken cancellationToken)
        {
            ChangeSetsDeleted.Add(name + "/" + changeSetName);
            return ScriptedChangeSet != null ? Task.CompletedTask : inner.DeleteChangeSetAsync(name, changeSetName, cancellationToken);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The real Lambda client, failing PublishVersion of one function a given number of times (a transient fault mid-step).</summary>
    public sealed class FailingPublishLambda : ILambdaClient
    {
        private readonly ILambdaClient inner;
        private readonly string failingFunction;
        private int failuresLeft;

        public FailingPublishLambda(ILambdaClient inner, string failingFunction, int failures)
        {
            this.inner = inner;
            this.failingFunction = failingFunction;
            failuresLeft = failures;
        }

        public int Published { get; private set; }

        public Task<LambdaFunctionConfiguration> PublishVersionAsync(string functionName, string? description, CancellationToken cancellationToken)
        {
            if (functionName == failingFunction && Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                throw new AuroraRestoreException("AwsServiceUnavailable", FailureCategory.ResourceUnavailable, functionName, $"Lambda PublishVersion {functionName}: the service is unavailable (injected).", "Try again.");
            }

            Published++;
            return inner.PublishVersionAsync(functionName, description, cancellationToken);
        }

        public Task<LambdaFunctionConfiguration?> GetFunctionConfigurationAsync(string functionName, string? qualifier, CancellationToken cancellationToken) => inner.GetFunctionConfigurationAsync(functionName, qualifier, cancellationToken);

        public Task<LambdaFunctionCode> GetFunctionCodeAsync(string functionName, string? qualifier, CancellationToken cancellationToken) => inner.GetFunctionCodeAsync(functionName, qualifier, cancellationToken);

        public Task<LambdaFunctionConfiguration> UpdateFunctionCodeFromS3Async(string functionName, string bucket, string key, CancellationToken cancellationToken) => inner.UpdateFunctionCodeFromS3Async(functionName, bucket, key, cancellationToken);

        public Task<IReadOnlyList<LambdaFunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken) => inner.ListVersionsByFunctionAsync(functionName, cancellationToken);

        public Task<LambdaAlias?> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken) => inner.GetAliasAsync(functionName, aliasName, cancellationToken);

        public Task<LambdaAlias> CreateAliasAsync(string functionName, string aliasName, string functionVersion, string? description, CancellationToken cancellationToken) => inner.CreateAliasAsync(functionName, aliasName, functionVersion, description, cancellationToken);

        public Task<LambdaAlias> UpdateAliasAsync(string functionName, string aliasName, string functionVersion, string? description, CancellationToken cancellationToken) => inner.UpdateAliasAsync(functionName, aliasName, functionVersion, description, cancellationToken);

        public void Dispose()
        {
        }
    }
}
