using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>
    /// Audit items v1 (operation_id, timestamp, step, status, details), v2 (+ format_version, event_type, actor, error)
    /// and v3 (+ pipeline_version, duration_ms). Writing picks the format; reading detects it by format_version (absent = v1).
    /// </summary>
    public static class AuditItemFormats
    {
        /// <param name="auditEvent">The event.</param>
        /// <param name="formatVersion">1, 2 or 3.</param>
        /// <param name="pipelineVersion">Stamped into v3 items.</param>
        /// <param name="sortKey">The timestamp sort key to use (with a <c>#n</c> suffix on a collision).</param>
        public static Dictionary<string, AttributeValue> Write(AuditEvent auditEvent, int formatVersion, string pipelineVersion, string sortKey)
        {
            if (formatVersion < 1 || formatVersion > 3)
            {
                throw StateItemFormats.UnknownFormat(formatVersion, "audit");
            }

            var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["operation_id"] = AttributeJson.S(auditEvent.OperationId),
                ["timestamp"] = AttributeJson.S(sortKey),
                ["step"] = AttributeJson.S(auditEvent.Step),
                ["status"] = AttributeJson.S(auditEvent.Status),
                ["details"] = new AttributeValue { M = AttributeJson.ToMap(auditEvent.Details) },
            };
            if (formatVersion >= 2)
            {
                item["format_version"] = AttributeJson.N(formatVersion);
                item["event_type"] = AttributeJson.S(auditEvent.ResolvedEventType);
                item["actor"] = AttributeJson.S(auditEvent.Actor);
                if (auditEvent.Error != null)
                {
                    item["error"] = new AttributeValue
                    {
                        M = new Dictionary<string, AttributeValue>
                        {
                            ["type"] = AttributeJson.S(auditEvent.Error.Type),
                            ["message"] = AttributeJson.S(auditEvent.Error.Message),
                            ["step"] = AttributeJson.S(auditEvent.Error.Step ?? auditEvent.Step),
                            ["retryable"] = AttributeJson.Bool(auditEvent.Error.Retryable),
                        },
                    };
                }
            }
            else if (auditEvent.Error != null && !auditEvent.Details.ContainsKey("error"))
            {
                // v1 has no error attribute: the message goes into the free-form details, as the real pipeline does.
                item["details"].M["error"] = AttributeJson.S(auditEvent.Error.Message);
            }

            if (formatVersion >= 3)
            {
                item["pipeline_version"] = AttributeJson.S(pipelineVersion);
                if (auditEvent.DurationMs.HasValue)
                {
                    item["duration_ms"] = AttributeJson.N(auditEvent.DurationMs.Value);
                }
            }

            return item;
        }

        public static AuditEvent Read(Dictionary<string, AttributeValue> item)
        {
            var sortKey = AttributeJson.GetS(item, "timestamp") ?? string.Empty;
            var auditEvent = new AuditEvent(
                AttributeJson.GetS(item, "operation_id") ?? string.Empty,
                IsoTime.Parse(sortKey) ?? default,
                AttributeJson.GetS(item, "step") ?? string.Empty,
                AttributeJson.GetS(item, "status") ?? string.Empty)
            {
                SortKey = sortKey,
                Details = item.TryGetValue("details", out var details) && details.M != null ? AttributeJson.ToJsonObject(details.M) : new System.Text.Json.Nodes.JsonObject(),
                FormatVersion = (int)(AttributeJson.GetN(item, "format_version") ?? 1),
                EventType = AttributeJson.GetS(item, "event_type"),
                Actor = AttributeJson.GetS(item, "actor") ?? "unknown",
                PipelineVersion = AttributeJson.GetS(item, "pipeline_version"),
                DurationMs = AttributeJson.GetN(item, "duration_ms"),
            };
            if (item.TryGetValue("error", out var error) && error.M != null)
            {
                auditEvent.Error = new OperationError(
                    AttributeJson.GetS(error.M, "type") ?? "Error",
                    AttributeJson.GetS(error.M, "message") ?? string.Empty,
                    AttributeJson.GetS(error.M, "step"),
                    AttributeJson.GetBool(error.M, "retryable") ?? false);
            }

            return auditEvent;
        }
    }
}
