using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>
    /// State items of pipeline 2.0: v1 plus format_version 2, created_at, updated_at (the StatusIndex sort key),
    /// requested_by, retry_count, a structured <c>error</c> map and failed_step.
    /// </summary>
    public class StateItemV2 : StateItemV1
    {
        public override int Version => 2;

        public override Dictionary<string, AttributeValue> Write(OperationRecord record)
        {
            var item = base.Write(record);
            item["format_version"] = AttributeJson.N(Version);
            item["created_at"] = AttributeJson.S(IsoTime.Format(record.CreatedAt == default ? record.UpdatedAt : record.CreatedAt));
            item["updated_at"] = item["timestamp"];
            item["requested_by"] = AttributeJson.S(record.RequestedBy);
            item["retry_count"] = AttributeJson.N(record.RetryCount);
            if (record.Error != null)
            {
                item["error"] = new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["type"] = AttributeJson.S(record.Error.Type),
                        ["message"] = AttributeJson.S(record.Error.Message),
                        ["step"] = AttributeJson.S(record.Error.Step ?? record.FailedStep ?? record.Step ?? string.Empty),
                        ["retryable"] = AttributeJson.Bool(record.Error.Retryable),
                    },
                };
            }

            if (record.FailedStep != null)
            {
                item["failed_step"] = AttributeJson.S(record.FailedStep);
            }

            return item;
        }

        public override OperationRecord Read(Dictionary<string, AttributeValue> item)
        {
            var record = base.Read(item);
            record.CreatedAt = IsoTime.Parse(AttributeJson.GetS(item, "created_at")) ?? record.CreatedAt;
            record.UpdatedAt = IsoTime.Parse(AttributeJson.GetS(item, "updated_at")) ?? record.UpdatedAt;
            record.RequestedBy = AttributeJson.GetS(item, "requested_by") ?? record.RequestedBy;
            record.RetryCount = (int)(AttributeJson.GetN(item, "retry_count") ?? 0);
            record.FailedStep = AttributeJson.GetS(item, "failed_step") ?? record.FailedStep;
            if (item.TryGetValue("error", out var error) && error.M != null)
            {
                record.Error = new OperationError(
                    AttributeJson.GetS(error.M, "type") ?? "Error",
                    AttributeJson.GetS(error.M, "message") ?? string.Empty,
                    AttributeJson.GetS(error.M, "step"),
                    AttributeJson.GetBool(error.M, "retryable") ?? false);
            }

            return record;
        }
    }
}
