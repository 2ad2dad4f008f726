using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Configuration;
using AuroraRestore.Control;
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
        private readonly IAmazonDynamoDB itemClient;
        private readonly Func<TimeSpan, CancellationToken, Task> delay;
        private readonly TimeProvider? clock;

        /// <param name="aws">The clients.</param>
        /// <param name="log">Where the copy is narrated.</param>
        /// <param name="catalog">The versions (default: the module's).</param>
        /// <param name="itemClient">The DynamoDB client that scans and writes the items (default: <paramref name="aws"/>'s); a seam for tests, which make DynamoDB leave items unprocessed.</param>
        /// <param name="delay">How a retry waits (default Task.Delay); a seam for tests.</param>
        /// <param name="clock">Today's date for the install's Lambda runtime check (default: the system clock).</param>
        public PipelineCopier(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null, IAmazonDynamoDB? itemClient = null, Func<TimeSpan, CancellationToken, Task>? delay = null, TimeProvider? clock = null)
        {
            this.clock = clock;
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
            this.itemClient = itemClient ?? aws.DynamoDb;
            this.delay = delay ?? Task.Delay;
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
            => (await PrepareAsync(request, cancellationToken).ConfigureAwait(false)).Configuration;

        /// <summary>
        /// Installs the target and copies the state; returns how many state and audit items were copied. A copy that
        /// stopped before it finished (its record in the target's control table is still in_progress) is finished:
        /// the install carries on from where it stopped (or is skipped when it had finished), and the items are copied
        /// again, which overwrites those already copied with the same values.
        /// </summary>
        public async Task<(int StateItems, int AuditItems)> CopyAsync(CopyRequest request, CancellationToken cancellationToken)
        {
            if (request.LambdaPackagePath == null)
            {
                throw new ArgumentException("The Lambda package path must be set before copying.", nameof(request));
            }

            var plan = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            var control = new ControlTable(aws.DynamoDb, request.Target.ControlTableName);
            var record = plan.Unfinished;
            if (record != null)
            {
                record.Attempts++;
                log.Verbose($"Finishing the copy of '{request.Source.Name}' into '{request.Target.Name}' started {record.StartedAt:o} (attempt {record.Attempts})");
            }
            else
            {
                // Recorded before the first change, so that a copy stopped at any point is recognised as ours when run again.
                await ControlTable.EnsureExistsAsync(aws.DynamoDb, request.Target.ControlTableName, cancellationToken).ConfigureAwait(false);
                record = new CopyRecord
                {
                    Source = request.Source.Name,
                    Version = plan.Version.Version,
                    IncludeState = request.IncludeState,
                    Anonymize = request.Anonymize,
                    StartedAt = DateTimeOffset.UtcNow,
                };
            }

            await control.PutAsync(record.ToControlRecord(), cancellationToken).ConfigureAwait(false);
            if (plan.Installed)
            {
                log.Verbose($"The pipeline of '{request.Target.Name}' was installed by the earlier attempt; storing the configuration again");
                if (plan.Configuration != null)
                {
                    await StoreConfigurationAsync(request.Target, plan.Configuration, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await new PipelineInstaller(aws, log, catalog, clock: clock).InstallAsync(new InstallRequest(request.Target, plan.Version.Version, request.LambdaPackagePath, plan.Configuration), cancellationToken).ConfigureAwait(false);
            }

            var (state, audit) = (0, 0);
            if (request.IncludeState)
            {
                using var anonymizer = request.Anonymize ? new StateAnonymizer() : null;
                state = await CopyTableAsync(request.Source.StateTableName, request.Target.StateTableName, anonymizer, cancellationToken).ConfigureAwait(false);
                audit = await CopyTableAsync(request.Source.AuditTableName, request.Target.AuditTableName, anonymizer, cancellationToken).ConfigureAwait(false);
            }

            record.Status = CopyRecord.CompleteStatus;
            record.StateItems = state;
            record.AuditItems = audit;
            await control.PutAsync(record.ToControlRecord(), cancellationToken).ConfigureAwait(false);
            return (state, audit);
        }

        /// <summary>Every check of a copy, no change: the version, the target's configuration, and whether it finishes an earlier copy.</summary>
        private async Task<CopyPlan> PrepareAsync(CopyRequest request, CancellationToken cancellationToken)
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

            var unfinished = await UnfinishedCopyAsync(request, version, cancellationToken).ConfigureAwait(false);
            var installed = unfinished != null && await InstallFinishedAsync(request.Target, version, cancellationToken).ConfigureAwait(false);
            if (request.LambdaPackagePath != null && !installed)
            {
                await new PipelineInstaller(aws, log, catalog, clock: clock).ValidateAsync(new InstallRequest(request.Target, version.Version, request.LambdaPackagePath, targetJson), cancellationToken).ConfigureAwait(false);
            }

            return new CopyPlan(version, targetJson, unfinished, installed);
        }

        /// <summary>
        /// The target's unfinished copy, or null when there is none (no control table, no record, or a finished copy).
        /// One from another source, of another version or with other state options is refused: finishing it would mix two copies.
        /// </summary>
        private async Task<CopyRecord?> UnfinishedCopyAsync(CopyRequest request, PipelineVersionDefinition version, CancellationToken cancellationToken)
        {
            if (!await TableExistsAsync(request.Target.ControlTableName, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var stored = await new ControlTable(aws.DynamoDb, request.Target.ControlTableName).GetAsync(CopyRecord.PartitionKey, CopyRecord.SortKey, cancellationToken).ConfigureAwait(false);
            if (stored == null)
            {
                return null;
            }

            var record = CopyRecord.FromControlRecord(stored);
            if (record.IsComplete)
            {
                return null;
            }

            var differences = new List<string>();
            if (record.Source != request.Source.Name)
            {
                differences.Add($"it copies '{record.Source}', not '{request.Source.Name}'");
            }

            if (record.Version != version.Version)
            {
                differences.Add($"it installs {record.Version}, while '{request.Source.Name}' now runs {version.Version}");
            }

            if (record.IncludeState != request.IncludeState)
            {
                differences.Add(record.IncludeState ? "it copies the state (-IncludeState)" : "it copies no state (no -IncludeState)");
            }

            if (record.Anonymize != request.Anonymize)
            {
                differences.Add(record.Anonymize ? "it anonymises the state (-Anonymize)" : "it does not anonymise the state (no -Anonymize)");
            }

            if (differences.Count > 0)
            {
                throw new AuroraRestoreException(
                    "CopyResumeMismatch", FailureCategory.InvalidArgument, request.Target.Name,
                    $"Environment '{request.Target.Name}' holds an unfinished copy started {record.StartedAt:o} that this one cannot finish: {string.Join("; ", differences)}.",
                    $"Run the copy again as it was started (Copy-RestorePipeline -SourceEnvironment {record.Source} -TargetEnvironment {request.Target.Name}{(record.IncludeState ? " -IncludeState" : string.Empty)}{(record.Anonymize ? " -Anonymize" : string.Empty)}), or remove the target with Remove-RestorePipeline -Environment {request.Target.Name} and copy again.");
            }

            return record;
        }

        /// <summary>True when the target's install of <paramref name="version"/> finished (its installation record says complete).</summary>
        private async Task<bool> InstallFinishedAsync(PipelineEnvironment target, PipelineVersionDefinition version, CancellationToken cancellationToken)
        {
            var install = await new ControlTable(aws.DynamoDb, target.ControlTableName).GetAsync("pipeline", "installation", cancellationToken).ConfigureAwait(false);
            var main = await aws.CloudFormation.DescribeStackAsync(target.MainStackName, cancellationToken).ConfigureAwait(false);
            return install != null && install.GetString("status") == "complete" && install.GetString("version") == version.Version && main != null;
        }

        private Task StoreConfigurationAsync(PipelineEnvironment env, string configuration, CancellationToken cancellationToken)
            => aws.Ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = env.ConfigurationParameterName,
                Value = configuration,
                Type = ParameterType.String,
                Overwrite = true,
                Description = $"AuroraRestore pipeline configuration ({env.Name})",
            }, cancellationToken);

        private async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken)
        {
            try
            {
                await aws.DynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                return false;
            }
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
                var page = await itemClient.ScanAsync(new ScanRequest { TableName = sourceTable, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
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
                    await delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, attempt))), cancellationToken).ConfigureAwait(false);
                }

                var result = await itemClient.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = pending } }, cancellationToken).ConfigureAwait(false);
                pending = result.UnprocessedItems != null && result.UnprocessedItems.TryGetValue(table, out var left) ? left : new List<WriteRequest>();
                if (attempt >= 20 && pending.Count > 0)
                {
                    throw new AuroraRestoreException(
                        "StateCopyThrottled", FailureCategory.LimitsExceeded, table,
                        $"DynamoDB left {pending.Count} items unprocessed in {table} after {attempt} retries.",
                        "Run the same Copy-RestorePipeline again later: it finishes this copy, overwriting the items already copied with the same values.");
                }
            }
        }
    }
}
