using System;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Notifications;
using Xunit;

namespace AuroraRestore.Tests.Notifications
{
    public sealed class SnsMessageTests
    {
        private static NotificationContent Content()
        {
            var content = new NotificationContent("op-0123456789ab", "success", "Restore operation completed successfully", new DateTimeOffset(2026, 11, 25, 16, 27, 59, 500, TimeSpan.Zero))
            {
                PipelineVersion = "3.0.0",
                Environment = "production",
                SourceClusterIdentifier = "src",
                SourceSnapshotIdentifier = "snap",
                SourceRegion = "us-east-1",
                TargetClusterIdentifier = "dst",
                TargetRegion = "us-west-2",
                TargetEndpoint = "dst.cluster-x.us-west-2.rds.amazonaws.com",
                TargetPort = 5432,
                DurationSeconds = 1234.5,
            };
            content.Details["cluster_identifier"] = "dst";
            content.Steps.Add(("snapshot-check", "succeeded", 812));
            return content;
        }

        [Fact]
        public void V1_is_the_real_pipelines_five_fields()
        {
            var message = SnsMessages.Build(Content(), "2.0.0");
            var body = JsonNode.Parse(message.Body)!.AsObject();

            Assert.Equal(new[] { "details", "message", "operation_id", "status", "timestamp" }, body.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("2026-11-25T16:27:59Z", (string?)body["timestamp"]);
            Assert.Equal("dst", (string?)body["details"]!["cluster_identifier"]);
            Assert.Equal("1", message.Attributes["format_version"]);
            Assert.Equal("success", message.Attributes["status"]);
        }

        [Fact]
        public void V3_carries_source_target_steps_and_a_null_error()
        {
            var message = SnsMessages.Build(Content(), "3.0.0");
            var body = JsonNode.Parse(message.Body)!.AsObject();

            Assert.Equal(3, (int)body["format_version"]!);
            Assert.Equal("3.0.0", (string?)body["pipeline_version"]);
            Assert.Equal("production", (string?)body["environment"]);
            Assert.Equal("snap", (string?)body["source"]!["snapshot_identifier"]);
            Assert.Equal(5432, (int)body["target"]!["port"]!);
            Assert.Equal(1234.5, (double)body["duration_seconds"]!);
            Assert.Equal(812, (long)body["steps"]![0]!["duration_ms"]!);
            Assert.True(body.ContainsKey("error"));
            Assert.Null(body["error"]);
            Assert.Equal("3", message.Attributes["format_version"]);
        }

        [Fact]
        public void V3_summary_leaves_out_the_steps_and_a_failure_has_its_error()
        {
            var content = Content();
            content.IncludeSteps = false;
            content.ErrorType = "SnapshotNotFound";
            content.ErrorMessage = "gone";
            content.ErrorStep = "snapshot-check";
            var body = JsonNode.Parse(SnsMessageV3.Build(content).Body)!.AsObject();

            Assert.False(body.ContainsKey("steps"));
            Assert.Equal("SnapshotNotFound", (string?)body["error"]!["type"]);
            Assert.Equal("snapshot-check", (string?)body["error"]!["step"]);
        }
    }
}
