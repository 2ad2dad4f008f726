using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>Audit items 2↔3 (pipeline 2.0 ↔ 3.0): the writer's pipeline version and the step duration.</summary>
    public sealed class AuditV2ToV3Edge : ItemEdge
    {
        private static readonly string[] KeptFactNames = new[] { "duration_ms" };

        private static readonly string[] Added = { "pipeline_version", "duration_ms" };

        public AuditV2ToV3Edge()
            : base(2, 3, Added, KeptFactNames)
        {
        }

        public override string Name => "audit 2↔3";

        /// <summary>pipeline_version: 2.0.0 (who wrote the event); duration_ms: none (2.0 did not measure it).</summary>
        protected override Dictionary<string, AttributeValue> Derive(IReadOnlyDictionary<string, AttributeValue> older)
        {
            var newer = WithFormat(older, 3);
            newer["pipeline_version"] = AttributeValues.S(StateV2ToV3Edge.MigratedFromPipelineVersion);
            return newer;
        }

        protected override Dictionary<string, AttributeValue> Reduce(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            var older = WithFormat(newer, 2);
            foreach (var attribute in Added)
            {
                older.Remove(attribute);
            }

            return older;
        }

        protected override void ValidateOlder(IReadOnlyDictionary<string, AttributeValue> older)
        {
            RequireType(older, "step", "S", true, 2);
            RequireType(older, "status", "S", true, 2);
        }

        protected override void ValidateNewer(IReadOnlyDictionary<string, AttributeValue> newer)
        {
            RequireType(newer, "step", "S", true, 3);
            RequireType(newer, "status", "S", true, 3);
        }
    }
}
