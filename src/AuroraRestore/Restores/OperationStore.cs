using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// The state and audit tables of one environment: writes in the deployed pipeline version's formats, reads every format.
    /// Progress is saved after every step, so that any host can carry an operation on after a crash.
    /// </summary>
    public sealed class OperationStore
    {
        public const string StatusIndexName = FormatVersions.StatusIndexName;

        private readonly IAmazonDynamoDB dynamoDb;
        private readonly IStateItemFormat stateFormat;
        private readonly int auditFormat;

        public OperationStore(IAmazonDynamoDB dynamoDb, string stateTableName, string auditTableName, string pipelineVersion)
        {
            this.dynamoDb = dynamoDb;
            StateTableName = stateTableName;
            AuditTableName = auditTableName;
            PipelineVersion = pipelineVersion;
            stateFormat = StateItemFormats.ForPipeline(pipelineVersion);
            auditFormat = FormatVersions.AuditFormatFor(pipelineVersion);
        }

        public string StateTableName { get; }

        public string AuditTableName { get; }

        public string PipelineVersion { get; }

        public int StateFormatVersion => stateFormat.Version;

        public async Task<OperationRecord?> GetAsync(string operationId, CancellationToken cancellationToken)
        {
            var response = await dynamoDb.GetItemAsync(
                new GetItemRequest { TableName = StateTableName, Key = Key(operationId), ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            return response.Item == null || response.Item.Count == 0 ? null : StateItemFormats.Read(response.Item);
        }

        /// <summary>Writes a new operation; refuses an id that is already taken.</summary>
        public async Task CreateAsync(OperationRecord record, CancellationToken cancellationToken)
        {
            try
            {
                await dynamoDb.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = StateTableName,
                        Item = stateFormat.Write(record),
                        ConditionExpression = "attribute_not_exists(operation_id)",
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException ex)
            {
                throw new AuroraRestoreException(
                    "OperationIdInUse", FailureCategory.ResourceExists, record.OperationId,
                    $"An operation with id '{record.OperationId}' already exists.",
                    "Choose another -OperationId, or follow the existing one with Wait-AuroraRestore.", ex);
            }
        }

        /// <summary>
        /// Saves progress. Unless <paramref name="overrideStop"/>, refuses to overwrite an operation someone stopped
        /// meanwhile (Stop-AuroraRestore from another session) and throws <c>OperationStopped</c> instead.
        /// </summary>
        public async Task SaveAsync(OperationRecord record, CancellationToken cancellationToken, bool overrideStop = false)
        {
            var request = new PutItemRequest { TableName = StateTableName, Item = stateFormat.Write(record) };
            if (!overrideStop)
            {
                request.ConditionExpression = "attribute_not_exists(operation_id) OR #status <> :stopped";
                request.ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" };
                request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":stopped"] = AttributeJson.S(OperationStatus.Stopped) };
            }

            try
            {
                await dynamoDb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException ex)
            {
                throw Stopped(record.OperationId, ex);
            }
        }

        internal static AuroraRestoreException Stopped(string operationId, Exception? inner = null) => new AuroraRestoreException(
            "OperationStopped", FailureCategory.OperationStopped, operationId,
            $"Operation {operationId} was stopped.",
            "Read why with Get-AuroraRestore -OperationId " + operationId + ", and start a new restore when ready.", inner);

        /// <summary>Appends one audit event; events of the same millisecond get a <c>#n</c> suffix instead of overwriting each other.</summary>
        public async Task<AuditEvent> AppendAuditAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
        {
            auditEvent.PipelineVersion = PipelineVersion;
            auditEvent.FormatVersion = auditFormat;
            var baseKey = IsoTime.Format(auditEvent.Timestamp);
            for (var n = 1; ; n++)
            {
                var sortKey = n == 1 ? baseKey : baseKey + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    await dynamoDb.PutItemAsync(
                        new PutItemRequest
                        {
                            TableName = AuditTableName,
                            Item = AuditItemFormats.Write(auditEvent, auditFormat, PipelineVersion, sortKey),
                            ConditionExpression = "attribute_not_exists(#ts)",
                            ExpressionAttributeNames = new Dictionary<string, string> { ["#ts"] = "timestamp" },
                        },
                        cancellationToken).ConfigureAwait(false);
                    auditEvent.SortKey = sortKey;
                    return auditEvent;
                }
                catch (ConditionalCheckFailedException) when (n < 1000)
                {
                    // Another event of this operation holds this millisecond: take the next suffix.
                }
            }
        }

        public async Task<IReadOnlyList<AuditEvent>> ListAuditAsync(string operationId, CancellationToken cancellationToken)
        {
            var events = new List<AuditEvent>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var response = await dynamoDb.QueryAsync(
                    new QueryRequest
                    {
                        TableName = AuditTableName,
                        KeyConditionExpression = "operation_id = :id",
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":id"] = AttributeJson.S(operationId) },
                        ExclusiveStartKey = start,
                        ConsistentRead = true,
                    },
                    cancellationToken).ConfigureAwait(false);
                events.AddRange(response.Items.Select(AuditItemFormats.Read));
                start = response.LastEvaluatedKey != null && response.LastEvaluatedKey.Count > 0 ? response.LastEvaluatedKey : null;
            }
            while (start != null);
            return events;
        }

        /// <summary>
        /// Operations not yet completed: through the StatusIndex (pending and in_progress) where the table has it,
        /// else a scan filtered on <c>completed = false</c> (the migration guide's drain check).
        /// </summary>
        public async Task<(IReadOnlyList<OperationRecord> Records, bool UsedIndex)> ListInProgressAsync(CancellationToken cancellationToken)
        {
            if (await HasStatusIndexAsync(cancellationToken).ConfigureAwait(false))
            {
                var records = new List<OperationRecord>();
                foreach (var status in new[] { OperationStatus.Pending, OperationStatus.InProgress })
                {
                    Dictionary<string, AttributeValue>? start = null;
                    do
                    {
                        var response = await dynamoDb.QueryAsync(
                            new QueryRequest
                            {
                                TableName = StateTableName,
                                IndexName = StatusIndexName,
                                KeyConditionExpression = "#status = :status",
                                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":status"] = AttributeJson.S(status) },
                                ExclusiveStartKey = start,
                            },
                            cancellationToken).ConfigureAwait(false);
                        records.AddRange(response.Items.Select(StateItemFormats.Read));
                        start = response.LastEvaluatedKey != null && response.LastEvaluatedKey.Count > 0 ? response.LastEvaluatedKey : null;
                    }
                    while (start != null);
                }

                // Items written in v1 (before the index existed) lack updated_at and are not in the index: add them from a scan.
                var v1 = await ScanAsync("completed = :false AND attribute_not_exists(updated_at)", new Dictionary<string, AttributeValue> { [":false"] = AttributeJson.Bool(false) }, null, cancellationToken).ConfigureAwait(false);
                records.AddRange(v1.Where(r => records.All(x => x.OperationId != r.OperationId)));
                return (records, true);
            }

            var scanned = await ScanAsync("completed = :false", new Dictionary<string, AttributeValue> { [":false"] = AttributeJson.Bool(false) }, null, cancellationToken).ConfigureAwait(false);
            return (scanned, false);
        }

        /// <summary>Every operation, optionally of one status and updated since a time.</summary>
        public async Task<IReadOnlyList<OperationRecord>> ListAsync(string? status, DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var filters = new List<string>();
            var values = new Dictionary<string, AttributeValue>();
            var names = new Dictionary<string, string>();
            if (status != null)
            {
                filters.Add("#status = :status");
                names["#status"] = "status";
                values[":status"] = AttributeJson.S(status);
            }

            if (since.HasValue)
            {
                filters.Add("#ts >= :since");
                names["#ts"] = "timestamp";
                values[":since"] = AttributeJson.S(IsoTime.Format(since.Value));
            }

            return await ScanAsync(filters.Count == 0 ? null : string.Join(" AND ", filters), values.Count == 0 ? null : values, names.Count == 0 ? null : names, cancellationToken).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<OperationRecord>> ScanAsync(string? filter, Dictionary<string, AttributeValue>? values, Dictionary<string, string>? names, CancellationToken cancellationToken)
        {
            var records = new List<OperationRecord>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var request = new ScanRequest { TableName = StateTableName, ExclusiveStartKey = start, ConsistentRead = true };
                if (filter != null)
                {
                    request.FilterExpression = filter;
                    request.ExpressionAttributeValues = values;
                    request.ExpressionAttributeNames = names;
                }

                var response = await dynamoDb.ScanAsync(request, cancellationToken).ConfigureAwait(false);
                records.AddRange(response.Items.Select(StateItemFormats.Read));
                start = response.LastEvaluatedKey != null && response.LastEvaluatedKey.Count > 0 ? response.LastEvaluatedKey : null;
            }
            while (start != null);
            return records.OrderBy(r => r.CreatedAt).ToList();
        }

        private async Task<bool> HasStatusIndexAsync(CancellationToken cancellationToken)
        {
            if (!FormatVersions.HasStatusIndex(PipelineVersion))
            {
                return false;
            }

            // The version says it should exist; the table says whether the schema step has applied it yet.
            var table = await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = StateTableName }, cancellationToken).ConfigureAwait(false);
            return table.Table.GlobalSecondaryIndexes?.Any(i => i.IndexName == StatusIndexName) == true;
        }

        private static Dictionary<string, AttributeValue> Key(string operationId)
            => new Dictionary<string, AttributeValue> { ["operation_id"] = AttributeJson.S(operationId) };
    }
}
