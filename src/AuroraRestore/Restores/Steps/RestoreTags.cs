using System.Collections.Generic;
using System.Text.Json.Nodes;
using AuroraRestore.Aws.Rds;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>The tags every resource a restore creates carries: where it came from, which operation, who asked.</summary>
    public static class RestoreTags
    {
        public const string OperationId = "aurora-restore:operation-id";
        public const string SourceCluster = "aurora-restore:source-cluster";
        public const string SourceSnapshot = "aurora-restore:source-snapshot";
        public const string RestoreTime = "aurora-restore:restore-time";
        public const string RequestedBy = "aurora-restore:requested-by";

        public static IDictionary<string, string> For(StepContext context)
        {
            var record = context.Record;
            var tags = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
            if (record.Data[OperationData.Tags] is JsonObject user)
            {
                foreach (var pair in user)
                {
                    tags[pair.Key] = (string?)pair.Value ?? string.Empty;
                }
            }

            tags[OperationId] = record.OperationId;
            tags[SourceCluster] = context.Settings.SourceClusterIdentifier;
            tags[RequestedBy] = record.RequestedBy;
            var snapshot = record.DataString(OperationData.SnapshotName);
            if (snapshot != null)
            {
                tags[SourceSnapshot] = snapshot;
            }

            var time = record.DataString(OperationData.RestoreTime) ?? (record.DataBool(OperationData.UseLatestRestorableTime) ? "latest" : null);
            if (time != null)
            {
                tags[RestoreTime] = time;
            }

            return tags;
        }

        /// <summary>Whether a cluster was created by this operation (so a retried step may reuse it and -RemoveTarget may delete it).</summary>
        public static bool BelongsTo(DbCluster cluster, string operationId)
            => cluster.Tags.TryGetValue(OperationId, out var id) && id == operationId;
    }
}
