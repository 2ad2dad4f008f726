using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Configuration;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Copies
{
    /// <summary>
    /// The seed's clone_environment.sh: installs the source environment's version into the target environment with the
    /// source's configuration (plus the overrides the target needs), and optionally copies the state and audit items,
    /// anonymised on request. Everything is checked before the first change; a copy whose target cluster is the source
    /// environment's is refused, so a staging restore can never replace production's cluster.
    /// </summary>
    public sealed class PipelineCopier
    {
        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly PipelineVersionCatalog catalog;

        public PipelineCopier(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null)
        {
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
        }

        /// <summary>The source's version (what the cmdlet needs to pick the Lambda package). Changes nothing.</summary>
        public async Task<PipelineVersionDefinition> SourceVersionAsync(CopyRequest request, CancellationToken cancellationToken)
        {
            if (request.Source.Name == request.Target.Name)
            {
                throw new AuroraRestoreException(
                    "CopyToSameEnvironment", FailureCategory.InvalidArgument, request.Target.Name,
                    $"The source and the target are both '{request.Source.Name}'.",
                    "Pass another -TargetEnvironment (for example staging).");
            }

            if (request.Anonymize && !request.IncludeState)
            {
                throw new AuroraRestoreException(
                    "AnonymizeWithoutState", FailureCategory.InvalidArgument, null,
                    "-Anonymize applies to the copied state and audit items, which are copied only with -IncludeState.",
                    "Add -IncludeState, or leave -Anonymize out.");
            }

            var main = await aws.CloudFormation.DescribeStackAsync(request.Source.MainStackName, cancellationToken).ConfigureAwait(false);
            if (main == null)
            {
                throw new AuroraRestoreException(
                    "PipelineNotInstalled", FailureCategory.ObjectNotFound, request.Source.MainStackName,
                    $"The source environment '{request.Source.Name}' has no pipeline: stack {request.Source.MainStackName} does not exist.",
                    "Check -SourceEnvironment and -Region; Get-RestorePipeline shows what is deployed.");
            }

            main.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var version);
            if (version == null || !catalog.TryGet(version, out var definition) || definition == null)
            {
                throw new AuroraRestoreException(
                    "PipelineVersionUnknown", FailureCategory.InvalidData, request.Source.MainStackName,
                    $"Stack {request.Source.MainStackName} names no version this module knows ('{version ?? "none"}').",
                    "Repair the source pipeline first (Test-RestorePipeline names what is wrong).");
            }

            return definition;
        }

        /// <summary>Everything checked, nothing changed: the target's configuration document (null when the source has none).</summary>
        public async Task<string?> ValidateAsync(CopyRequest request, CancellationToken cancellationToken)
        {
            var version = await SourceVersionAsync(request, cancellationToken).ConfigureAwait(false);
            var sourceJson = await ReadConfigurationAsync(request.Source, cancellationToken).ConfigureAwait(false);
            string? targetJson = null;
            if (sourceJson == null)
            {
                if (request.ConfigurationOverrides.Count > 0)
                {
                    throw new AuroraRestoreException(
                        "SourceConfigurationMissing", FailureCategory.ObjectNotFound, request.Source.ConfigurationParameterName,
                        $"The source environment has no configuration ({request.Source.ConfigurationParameterName}) to apply -ConfigurationOverride to.",
                        "Copy without -ConfigurationOverride and set the target's configuration afterwards, or configure the source first.");
                }

                log.Warning($"The source environment '{request.Source.Name}' has no configuration; the target gets none either.");
            }
            else
            {
                var source = PipelineConfiguration.Parse(sourceJson, version.ConfigFormat);
                var document = (JsonNode.Parse(source.ToJson()) as JsonObject)!;
                foreach (var pair in request.ConfigurationOverrides)
                {
                    document[pair.Key] = pair.Value?.DeepClone();
                }

                // The whole document is validated as Install would: an unknown key or a bad value is named here.
                var target = PipelineConfiguration.Parse(document.ToJsonString(), version.ConfigFormat);
                if (string.Equals(target.TargetClusterId, source.TargetClusterId, StringComparison.OrdinalIgnoreCase) && target.TargetRegion == source.TargetRegion)
                {
                    throw new AuroraRestoreException(
                        "CopyTargetsSourceCluster", FailureCategory.InvalidArgument, target.TargetClusterId,
                        $"The copy would restore into '{target.TargetClusterId}' in {target.TargetRegion}, the target cluster of '{request.Source.Name}': a restore in '{request.Target.Name}' would replace it.",
                        "Pass -ConfigurationOverride @{ target_cluster_id = '<a cluster for " + request.Target.Name + ">' }.");
                }

                targetJson = target.ToJson();
            }

            if (request.LambdaPackagePath != null)
            {
                await new PipelineInstaller(aws, log, catalog).ValidateAsync(new InstallRequest(request.Target, version.Version, request.LambdaPackagePath, targetJson), cancellationToken).ConfigureAwait(false);
            }

            return targetJson;
        }

        /// <summary>Installs the target and copies the state; returns how many state and audit items were copied.</summary>
        public async Task<(int StateItems, int AuditItems)> CopyAsync(CopyRequest request, CancellationToken cancellationToken)
        {
            if (request.LambdaPackagePath == null)
            {
                throw new ArgumentException("The Lambda package path must be set before copying.", nameof(request));
            }

            var version = await SourceVersionAsync(request, cancellationToken).ConfigureAwait(false);
            var configuration = await ValidateAsync(request, cancellationToken).ConfigureAwait(false);
            await new PipelineInstaller(aws, log, catalog).InstallAsync(new InstallRequest(request.Target, version.Version, request.LambdaPackagePath, configuration), cancellationToken).ConfigureAwait(false);
            if (!request.IncludeState)
            {
                return (0, 0);
            }

            using var anonymizer = request.Anonymize ? new StateAnonymizer() : null;
            var state = await CopyTableAsync(request.Source.StateTableName, request.Target.StateTableName, anonymizer, cancellationToken).ConfigureAwait(false);
            var audit = await CopyTableAsync(request.Source.AuditTableName, request.Target.AuditTableName, anonymizer, cancellationToken).ConfigureAwait(false);
            return (state, audit);
        }

        private async Task<string?> ReadConfigurationAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            try
            {
                return (await aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false)).Parameter.Value;
            }
            catch (ParameterNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Scans every page of the source and writes it in batches of 25, retrying what DynamoDB leaves unprocessed.</summary>
        private async Task<int> CopyTableAsync(string sourceTable, string targetTable, StateAnonymizer? anonymizer, CancellationToken cancellationToken)
        {
            var copied = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await aws.DynamoDb.ScanAsync(new ScanRequest { TableName = sourceTable, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
                var items = (page.Items ?? new List<Dictionary<string, AttributeValue>>()).Select(i => anonymizer == null ? i : anonymizer.Anonymize(i)).ToList();
                for (var offset = 0; offset < items.Count; offset += 25)
                {
                    var writes = items.Skip(offset).Take(25).Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i } }).ToList();
                    await WriteBatchAsync(targetTable, writes, cancellationToken).ConfigureAwait(false);
                    copied += writes.Count;
                }

                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);

            log.Verbose($"Copied {copied} items from {sourceTable} to {targetTable}{(anonymizer == null ? string.Empty : ", anonymised")}");
            return copied;
        }

        private async Task WriteBatchAsync(string table, List<WriteRequest> writes, CancellationToken cancellationToken)
        {
            var pending = writes;
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, attempt))), cancellationToken).ConfigureAwait(false);
                }

                var result = await aws.DynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = pending } }, cancellationToken).ConfigureAwait(false);
                pending = result.UnprocessedItems != null && result.UnprocessedItems.TryGetValue(table, out var left) ? left : new List<WriteRequest>();
                if (attempt >= 20 && pending.Count > 0)
                {
                    throw new AuroraRestoreException(
                        "StateCopyThrottled", FailureCategory.LimitsExceeded, table,
                        $"DynamoDB left {pending.Count} items unprocessed in {table} after {attempt} retries.",
                        "Run the copy again later; items already copied are overwritten with the same values.");
                }
            }
        }
    }
}
