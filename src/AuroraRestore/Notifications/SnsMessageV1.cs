using System.Text.Json.Nodes;
using AuroraRestore.State;

namespace AuroraRestore.Notifications
{
    /// <summary>The real pipeline's message (pipelines 1.0 and 2.0): operation_id, status, message, details (strings), timestamp.</summary>
    public static class SnsMessageV1
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
                ["operation_id"] = content.OperationId,
                ["status"] = content.Status,
                ["message"] = content.Message,
                ["details"] = details,
                ["timestamp"] = IsoTime.FormatSeconds(content.Timestamp),
            };
            return new SnsMessage(body.ToJsonString(), content.Status, 1);
        }
    }
}
