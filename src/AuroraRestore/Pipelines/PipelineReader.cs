using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Versions;

namespace AuroraRestore.Pipelines
{
    /// <summary>Reads what is deployed in an environment, changing nothing; names what is missing or broken.</summary>
    public sealed class PipelineReader
    {
        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly PipelineVersionCatalog catalog;

        public PipelineReader(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null)
        {
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
        }

        public async Task<PipelineInfo> ReadAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            var info = new PipelineInfo { Environment = env.Name, Region = aws.Context.Region };
            var problems = new List<string>();
            var main = await aws.CloudFormation.DescribeStackAsync(env.MainStackName, cancellationToken).ConfigureAwait(false);
            var iam = await aws.CloudFormation.DescribeStackAsync(env.IamStackName, cancellationToken).ConfigureAwait(false);
            info.MainStack = Summarize(main);
            info.IamStack = Summarize(iam);
            if (main == null && iam == null)
            {
                info.Status = "NotInstalled";
                return info;
            }

            info.Version = info.MainStack?.Version ?? info.IamStack?.Version;
            foreach (var stack in new[] { main, iam })
            {
                if (stack == null)
                {
                    problems.Add("stack missing: " + (stack == main ? env.MainStackName : env.IamStackName));
                }
                else if (!StackWaiter.IsStable(stack.StackStatus))
                {
                    problems.Add($"stack {stack.StackName} is {stack.StackStatus}");
                }
            }

            if (info.MainStack?.Version != null && info.IamStack?.Version != null && info.MainStack.Version != info.IamStack.Version)
            {
                problems.Add($"stack versions differ: main {info.MainStack.Version}, IAM {info.IamStack.Version}");
            }

            catalog.TryGet(info.Version ?? string.Empty, out var version);
            info.Tables = new[] { await ReadTableAsync(env.StateTableName, problems, cancellationToken).ConfigureAwait(false), await ReadTableAsync(env.AuditTableName, problems, cancellationToken).ConfigureAwait(false) }
                .Where(t => t != null).Select(t => t!).ToList();

            if (main != null)
            {
                main.Outputs.TryGetValue("StateMachineArn", out var stateMachineArn);
                main.Outputs.TryGetValue("TopicArn", out var topicArn);
                info.StateMachineArn = stateMachineArn;
                info.TopicArn = topicArn;
                if (!string.IsNullOrEmpty(stateMachineArn))
                {
                    var machine = await aws.StepFunctions.DescribeStateMachineAsync(stateMachineArn!, cancellationToken).ConfigureAwait(false);
                    info.StateMachineStatus = machine?.Status;
                    if (machine == null)
                    {
                        problems.Add("state machine missing: " + stateMachineArn);
                    }
                }
            }

            if (version != null)
            {
                info.Functions = await ReadFunctionsAsync(env, version, problems, cancellationToken).ConfigureAwait(false);
                var alarms = await aws.CloudWatch.DescribeAlarmsAsync(version.Alarms.Select(a => env.AlarmName(a.Suffix)), null, cancellationToken).ConfigureAwait(false);
                info.Alarms = alarms.Select(a => a.AlarmName).OrderBy(n => n, StringComparer.Ordinal).ToList();
                foreach (var missing in version.Alarms.Select(a => env.AlarmName(a.Suffix)).Except(info.Alarms))
                {
                    problems.Add("alarm missing: " + missing);
                }
            }
            else
            {
                problems.Add($"version '{info.Version ?? "(none)"}' is not one this module knows");
            }

            info.ConfigurationFormat = await ReadConfigurationFormatAsync(env, cancellationToken).ConfigureAwait(false);
            if (info.Tables.Any(t => t.TableName == env.StateTableName))
            {
                info.InProgressOperations = await CountInProgressAsync(env.StateTableName, cancellationToken).ConfigureAwait(false);
            }

            info.Problems = problems;
            info.Status = problems.Count == 0 ? "Installed" : "Incomplete";
            return info;
        }

        private static StackSummary? Summarize(StackDescription? stack)
        {
            if (stack == null)
            {
                return null;
            }

            stack.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var version);
            if (version == null)
            {
                stack.Outputs.TryGetValue("PipelineVersion", out version);
            }

            return new StackSummary { StackName = stack.StackName, Status = stack.StackStatus, Version = version, CreationTime = stack.CreationTime };
        }

        private async Task<TableSummary?> ReadTableAsync(string tableName, List<string> problems, CancellationToken cancellationToken)
        {
            try
            {
                var table = (await aws.DynamoDb.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table;
                return new TableSummary
                {
                    TableName = table.TableName,
                    Status = table.TableStatus?.Value ?? string.Empty,
                    ItemCount = table.ItemCount ?? 0,
                    Indexes = (table.GlobalSecondaryIndexes ?? new List<GlobalSecondaryIndexDescription>()).Select(i => i.IndexName).OrderBy(n => n, StringComparer.Ordinal).ToList(),
                };
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                problems.Add("table missing: " + tableName);
                return null;
            }
        }

        private async Task<IReadOnlyList<FunctionSummary>> ReadFunctionsAsync(PipelineEnvironment env, PipelineVersionDefinition version, List<string> problems, CancellationToken cancellationToken)
        {
            var result = new List<FunctionSummary>();
            foreach (var name in version.Functions.Select(env.FunctionName))
            {
                var alias = await aws.Lambda.GetAliasAsync(name, LiveAliases.AliasName, cancellationToken).ConfigureAwait(false);
                string? sha = null;
                if (alias != null)
                {
                    sha = (await aws.Lambda.GetFunctionConfigurationAsync(name, alias.FunctionVersion, cancellationToken).ConfigureAwait(false))?.CodeSha256;
                }
                else
                {
                    problems.Add($"function {name} has no {LiveAliases.AliasName} alias");
                }

                result.Add(new FunctionSummary { FunctionName = name, LiveVersion = alias?.FunctionVersion, CodeSha256 = sha });
            }

            return result;
        }

        private async Task<int?> ReadConfigurationFormatAsync(PipelineEnvironment env, CancellationToken cancellationToken)
        {
            try
            {
                var parameter = await aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false);
                return (JsonNode.Parse(parameter.Parameter.Value) as JsonObject)?["format_version"]?.GetValue<int>();
            }
            catch (ParameterNotFoundException)
            {
                return null;
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException)
            {
                log.Warning($"The configuration in {env.ConfigurationParameterName} is not a valid document: {ex.Message}");
                return null;
            }
        }

        /// <summary>The guide's drain check: a scan for completed = false (every state format has the attribute).</summary>
        private async Task<int> CountInProgressAsync(string tableName, CancellationToken cancellationToken)
        {
            var count = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await aws.DynamoDb.ScanAsync(new ScanRequest
                {
                    TableName = tableName,
                    Select = Amazon.DynamoDBv2.Select.COUNT,
                    FilterExpression = "completed = :false",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":false"] = new AttributeValue { BOOL = false } },
                    ExclusiveStartKey = start,
                }, cancellationToken).ConfigureAwait(false);
                count += page.Count ?? 0;
                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);
            return count;
        }
    }
}
