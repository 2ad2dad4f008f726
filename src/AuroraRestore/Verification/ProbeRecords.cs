using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// Removes the state and audit items a probe execution may have written (on AWS the first Task can run before the
    /// stop lands): an abandoned in_progress item would otherwise count as a running restore and block every upgrade.
    /// </summary>
    public static class ProbeRecords
    {
        public static async Task<int> RemoveAsync(IAmazonDynamoDB dynamoDb, PipelineEnvironment env, string operationId, IOperationLog log, CancellationToken cancellationToken)
        {
            var removed = 0;
            var state = await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = env.StateTableName,
                Key = new Dictionary<string, AttributeValue> { ["operation_id"] = new AttributeValue { S = operationId } },
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken).ConfigureAwait(false);
            removed += state.Attributes is { Count: > 0 } ? 1 : 0;

            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await dynamoDb.QueryAsync(new QueryRequest
                {
                    TableName = env.AuditTableName,
                    KeyConditionExpression = "operation_id = :id",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":id"] = new AttributeValue { S = operationId } },
                    ProjectionExpression = "operation_id, #t",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#t"] = "timestamp" },
                    ExclusiveStartKey = start,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var key in page.Items ?? new List<Dictionary<string, AttributeValue>>())
                {
                    await dynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = env.AuditTableName, Key = key }, cancellationToken).ConfigureAwait(false);
                    removed++;
                }

                start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
            }
            while (start != null);

            if (removed > 0)
            {
                log.Verbose($"Removed {removed} state and audit items of the probe {operationId}");
            }

            return removed;
        }
    }
}
