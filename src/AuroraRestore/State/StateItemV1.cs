using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>
    /// State items of pipeline 1.0 (the real pipeline's contract): operation_id, status, completed, timestamp, the
    /// <c>state</c> map with the step and its data, and <c>error</c> as a plain message. No format marker.
    /// </summary>
    public class StateItemV1 : IStateItemFormat
    {
        public virtual int Version => 1;

        public virtual Dictionary<string, AttributeValue> Write(OperationRecord record)
        {
            var state = (JsonObject)record.Data.DeepClone();
            state.Remove("step");
            if (record.Step != null)
            {
                state["step"] = record.Step;
            }

            // v1 has no top-level attribute for these: the state map keeps them (documented step data keys).
            state["requested_by"] = record.RequestedBy;
            if (record.CreatedAt != default)
            {
                state["created_at"] = IsoTime.Format(record.CreatedAt);
            }

            var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["operation_id"] = AttributeJson.S(record.OperationId),
                ["status"] = AttributeJson.S(record.Status),
                ["completed"] = AttributeJson.Bool(record.Completed),
                ["timestamp"] = AttributeJson.S(IsoTime.Format(record.UpdatedAt)),
                ["state"] = new AttributeValue { M = AttributeJson.ToMap(state) },
            };
            if (record.Error != null && Version == 1)
            {
                item["error"] = AttributeJson.S(record.Error.Message);
            }

            if (record.ReservedDown != null)
            {
                item["_ar_down"] = new AttributeValue { M = record.ReservedDown };
            }

            return item;
        }

        public virtual OperationRecord Read(Dictionary<string, AttributeValue> item)
        {
            var record = new OperationRecord(AttributeJson.GetS(item, "operation_id") ?? string.Empty)
            {
                Status = AttributeJson.GetS(item, "status") ?? OperationStatus.Pending,
                FormatVersion = Version,
            };
            record.Completed = AttributeJson.GetBool(item, "completed") ?? OperationStatus.IsFinal(record.Status);
            record.UpdatedAt = IsoTime.Parse(AttributeJson.GetS(item, "timestamp")) ?? default;
            var state = item.TryGetValue("state", out var s) && s.M != null ? AttributeJson.ToJsonObject(s.M) : new JsonObject();
            record.Step = state["step"] is JsonValue step && step.TryGetValue<string>(out var stepName) ? stepName : null;
            state.Remove("step");
            record.Data = state;
            record.RequestedBy = record.DataString("requested_by") ?? "unknown";
            record.CreatedAt = IsoTime.Parse(record.DataString("created_at")) ?? record.UpdatedAt;
            if (item.TryGetValue("error", out var error) && error.S != null)
            {
                record.Error = new OperationError("Error", error.S, record.Step, false);
                record.FailedStep = record.Status == OperationStatus.Failed ? record.Step : null;
            }

            if (item.TryGetValue("_ar_down", out var down) && down.M != null)
            {
                record.ReservedDown = down.M;
            }

            return record;
        }
    }
}
