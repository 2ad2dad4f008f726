using System.Text.Json.Nodes;
using AuroraRestore.State;

namespace AuroraRestore.Notifications
{
    /// <summary>Pipeline 3.0's message: v1's fields plus format_version 3, versions, source, target, duration, steps and error.</summary>
    public static class SnsMessageV3
    {
        public static SnsMessage Build(NotificationContent content)
        {
            var details = new JsonObject();
            foreach (var pair in content.Details)
            {
                details[pair.Key] = pair.Value;
            }

            var body = new JsonObject
            {
                ["format_version"] = 3,
                ["operation_id"] = content.OperationId,
                ["status"] = content.Status,
                ["message"] = content.Message,
                ["timestamp"] = IsoTime.FormatSeconds(content.Timestamp),
                ["pipeline_version"] = content.PipelineVersion,
                ["environment"] = content.Environment,
                ["source"] = new JsonObject
                {
                    ["cluster_identifier"] = content.SourceClusterIdentifier,
                    ["snapshot_identifier"] = content.SourceSnapshotIdentifier,
                    ["region"] = content.SourceRegion,
                },
                ["target"] = new JsonObject
                {
                    ["cluster_identifier"] = content.TargetClusterIdentifier,
                    ["region"] = content.TargetRegion,
                    ["endpoint"] = content.TargetEndpoint,
                    ["port"] = content.TargetPort,
                },
                ["duration_seconds"] = content.DurationSeconds,
            };
            if (content.IncludeSteps)
            {
                var steps = new JsonArray();
                foreach (var (step, status, durationMs) in content.Steps)
                {
                    steps.Add(new JsonObject { ["step"] = step, ["status"] = status, ["duration_ms"] = durationMs });
                }

                body["steps"] = steps;
            }

            body["error"] = content.ErrorMessage == null
                ? null
                : new JsonObject { ["type"] = content.ErrorType ?? "Error", ["message"] = content.ErrorMessage, ["step"] = content.ErrorStep };
            body["details"] = details;
            return new SnsMessage(body.ToJsonString(), content.Status, 3);
        }
    }
}
