using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>Audit items 1↔2 (pipeline 1.0 ↔ 2.0): event type, actor and a structured error.</summary>
    public sealed class AuditV1ToV2Edge : ItemEdge
    {
        private static readonly string[] KeptFactNames = new[] { "actor" };

        private static readonly string[] Added = { "event_type", "actor", "error" };

        public AuditV1ToV2Edge()
            : base(1, 2, Added, KeptFactNames)
        {
        }

        public override string Name => "audit 1↔2";

        /// <summary>
        /// event_type from step and status (operation_created, operation_completed, operation_&lt;status&gt;,
        /// step_&lt;status&gt;); actor: "unknown" (1.0 did not record it); error: from the message 1.0 kept in
        /// details.error of a failed event.
        /// </summary>
        protected override Dictionary<string, AttributeValue> Derive(IReadOnlyDictionary<string, AttributeValue> older)
        {
            var newer = WithFormat(older, 2);
            var step = older["step"].S;
            var status = older["status"].S;
            newer["event_type"] = AttributeValues.S(EventType(step, status));
            newer["actor"] = AttributeValues.S("unknown");
            var message = AttributeValues.GetS(AttributeValues.GetM(older, "details"), "error");
            if (status == "failed" && message != null)
            {
                newer["error"] = AttributeValues.Map(new Dictionary<string, AttributeValue>
                {
                    ["type"] = AttributeValues.S("Error"),
                    ["message"] = AttributeValues.S(message),
                    ["step"] = AttributeValues.S(step),
                    ["retryable"] = AttributeValues.Bool(false),
                });
            }

            return newer;
        }

        protected override Dictionary<string, AttributeValue> Reduce(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            var older = WithFormat(newer, 1);
            foreach (var attribute in Added)
            {
                older.Remove(attribute);
            }

            return older;
        }

        protected override void ValidateOlder(IReadOnlyDictionary<string, AttributeValue> older)
        {
            RequireType(older, "step", "S", true, 1);
            RequireType(older, "status", "S", true, 1);
            RequireType(older, "details", "M", false, 1);
        }

        protected override void ValidateNewer(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            RequireType(newer, "step", "S", true, 2);
            RequireType(newer, "status", "S", true, 2);
            RequireType(newer, "details", "M", false, 2);
        }

        /// <summary>The same derivation the 2.0 writer uses when an event names no type.</summary>
        public static string EventType(string step, string status)
        {
            if (step == "operation")
            {
                return status switch
                {
                    "started" => "operation_created",
                    "succeeded" => "operation_completed",
                    _ => "operation_" + status,
                };
            }

            return "step_" + status;
        }
    }
}
