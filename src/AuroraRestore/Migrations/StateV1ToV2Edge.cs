using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// State items 1↔2 (pipeline 1.0 ↔ 2.0): structured errors, retries and audit fields (docs/formats/state-items.md).
    /// Up derives the new attributes from what a 1.0 item holds; down removes them and turns the error map back
    /// into its message.
    /// </summary>
    public sealed class StateV1ToV2Edge : ItemEdge
    {
        private static readonly string[] KeptFactNames = new[] { "created_at", "requested_by", "retry_count" };

        private static readonly string[] Added = { "created_at", "updated_at", "requested_by", "retry_count", "failed_step" };

        public StateV1ToV2Edge()
            : base(1, 2, Added, KeptFactNames)
        {
        }

        public override string Name => "state 1↔2";

        /// <summary>
        /// created_at: the step data's created_at, else the last update (1.0 kept no creation time);
        /// updated_at: timestamp; requested_by: the step data's requested_by, else "unknown"; retry_count: 0 (1.0 did
        /// not count); error: {type "Error", message, step, retryable false}; failed_step: the step of a failed operation.
        /// </summary>
        protected override Dictionary<string, AttributeValue> Derive(IReadOnlyDictionary<string, AttributeValue> older)
        {
            var newer = WithFormat(older, 2);
            var timestamp = older["timestamp"].S;
            var state = AttributeValues.GetM(older, "state");
            var step = AttributeValues.GetS(state, "step");
            newer["created_at"] = AttributeValues.S(AttributeValues.GetS(state, "created_at") ?? timestamp);
            newer["updated_at"] = AttributeValues.S(timestamp);
            newer["requested_by"] = AttributeValues.S(AttributeValues.GetS(state, "requested_by") ?? "unknown");
            newer["retry_count"] = AttributeValues.N(0);
            if (older.TryGetValue("error", out var error))
            {
                newer["error"] = AttributeValues.Map(new Dictionary<string, AttributeValue>
                {
                    ["type"] = AttributeValues.S("Error"),
                    ["message"] = AttributeValues.S(error.S),
                    ["step"] = AttributeValues.S(step ?? string.Empty),
                    ["retryable"] = AttributeValues.Bool(false),
                });
            }

            if (AttributeValues.GetS(older, "status") == "failed" && step != null)
            {
                newer["failed_step"] = AttributeValues.S(step);
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

            older.Remove("error");
            var message = AttributeValues.GetS(AttributeValues.GetM(newer, "error"), "message");
            if (message != null)
            {
                older["error"] = AttributeValues.S(message);
            }

            return older;
        }

        protected override void ValidateOlder(IReadOnlyDictionary<string, AttributeValue> older)
        {
            RequireType(older, "timestamp", "S", true, 1);
            RequireType(older, "status", "S", false, 1);
            RequireType(older, "state", "M", false, 1);
            RequireType(older, "error", "S", false, 1);
        }

        protected override void ValidateNewer(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            RequireType(newer, "timestamp", "S", true, 2);
            RequireType(newer, "status", "S", false, 2);
            RequireType(newer, "state", "M", false, 2);
            RequireType(newer, "error", "M", false, 2);
        }
    }
}
