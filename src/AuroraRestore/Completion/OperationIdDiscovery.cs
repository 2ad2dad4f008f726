using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Completion
{
    /// <summary>
    /// Restore operations of an environment for completing -OperationId: read from the state table (docs/formats/
    /// state-items.md, every format has operation_id, status, completed and timestamp), operations still running first,
    /// then the newest. A completion must stay cheap, so at most <see cref="MaxItemsRead"/> items are read.
    /// </summary>
    public static class OperationIdDiscovery
    {
        public const int MaxItemsRead = 500;
        public const int MaxCandidates = 50;

        public static async Task<IReadOnlyList<CompletionCandidate>> ListAsync(IAmazonDynamoDB dynamoDb, PipelineEnvironment environment, string prefix, CancellationToken cancellationToken)
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            var request = new ScanRequest
            {
                TableName = environment.StateTableName,
                ProjectionExpression = "operation_id, #status, #timestamp, completed",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#timestamp"] = "timestamp" },
                Limit = 100,
            };
            if (!string.IsNullOrEmpty(prefix))
            {
                request.FilterExpression = "begins_with(operation_id, :prefix)";
                request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":prefix"] = new AttributeValue { S = prefix } };
            }

            var read = 0;
            try
            {
                do
                {
                    var page = await dynamoDb.ScanAsync(request, cancellationToken).ConfigureAwait(false);
                    items.AddRange(page.Items ?? new List<Dictionary<string, AttributeValue>>());
                    read += page.ScannedCount ?? 0;
                    request.ExclusiveStartKey = page.LastEvaluatedKey;
                }
                while (request.ExclusiveStartKey != null && request.ExclusiveStartKey.Count > 0 && read < MaxItemsRead);
            }
            catch (ResourceNotFoundException)
            {
                // No state table: the environment has no pipeline, so there is nothing to offer.
                return Array.Empty<CompletionCandidate>();
            }

            return items
                .Where(item => item.TryGetValue("operation_id", out var id) && !string.IsNullOrEmpty(id.S))
                .Select(item => new
                {
                    Id = item["operation_id"].S,
                    Status = Text(item, "status") ?? "unknown",
                    Timestamp = Text(item, "timestamp") ?? string.Empty,
                    Running = item.TryGetValue("completed", out var completed) && completed.BOOL == false,
                })
                .OrderByDescending(o => o.Running)
                .ThenByDescending(o => o.Timestamp, StringComparer.Ordinal)
                .ThenBy(o => o.Id, StringComparer.Ordinal)
                .Take(MaxCandidates)
                .Select(o => new CompletionCandidate(o.Id, o.Timestamp.Length == 0 ? o.Status : $"{o.Status}, {o.Timestamp}"))
                .ToList();
        }

        private static string? Text(Dictionary<string, AttributeValue> item, string name)
            => item.TryGetValue(name, out var value) ? value.S : null;
    }
}
