using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.State;
using Xunit;

namespace AuroraRestore.Tests.State
{
    public sealed class StateItemFormatTests
    {
        private static readonly DateTimeOffset Created = new DateTimeOffset(2026, 11, 25, 16, 0, 0, 123, TimeSpan.Zero);
        private static readonly DateTimeOffset Updated = new DateTimeOffset(2026, 11, 25, 16, 27, 59, 456, TimeSpan.Zero);

        private static OperationRecord Sample()
        {
            var record = new OperationRecord("op-0123456789ab")
            {
                Status = OperationStatus.Failed,
                Completed = true,
                Step = StepNames.RestoreSnapshot,
                CreatedAt = Created,
                UpdatedAt = Updated,
                RequestedBy = "arn:aws:iam::123456789012:user/ops",
                RetryCount = 2,
                Error = new OperationError("AwsInvalidDBClusterStateFault", "cluster busy", StepNames.RestoreSnapshot, true),
                FailedStep = StepNames.RestoreSnapshot,
                DurationMs = 1234,
            };
            record.Data["source_cluster_id"] = "src";
            record.Data["cluster_port"] = 5432;
            record.Data["replace_target"] = true;
            record.Data["tags"] = new JsonObject { ["team"] = "data" };
            record.StepHistory.Add(new StepRun(StepNames.SnapshotCheck, "succeeded", Created, Created.AddSeconds(1), 1));
            record.StepHistory.Add(new StepRun(StepNames.RestoreSnapshot, "failed", Created.AddSeconds(2), Updated, 3));
            return record;
        }

        [Fact]
        public void V1_writes_the_real_pipelines_contract_without_a_format_marker()
        {
            var item = new StateItemV1().Write(Sample());

            Assert.False(item.ContainsKey("format_version"));
            Assert.Equal("op-0123456789ab", item["operation_id"].S);
            Assert.Equal("failed", item["status"].S);
            Assert.True(item["completed"].BOOL);
            Assert.Equal("2026-11-25T16:27:59.456Z", item["timestamp"].S);
            Assert.Equal("restore-snapshot", item["state"].M["step"].S);
            Assert.Equal("5432", item["state"].M["cluster_port"].N);
            Assert.Equal("cluster busy", item["error"].S);
            Assert.Equal(new[] { "completed", "error", "operation_id", "state", "status", "timestamp" }, Sorted(item.Keys));
        }

        [Fact]
        public void V2_adds_the_audit_fields_and_a_structured_error()
        {
            var item = new StateItemV2().Write(Sample());

            Assert.Equal("2", item["format_version"].N);
            Assert.Equal(item["timestamp"].S, item["updated_at"].S);
            Assert.Equal("2026-11-25T16:00:00.123Z", item["created_at"].S);
            Assert.Equal("arn:aws:iam::123456789012:user/ops", item["requested_by"].S);
            Assert.Equal("2", item["retry_count"].N);
            Assert.Equal("AwsInvalidDBClusterStateFault", item["error"].M["type"].S);
            Assert.True(item["error"].M["retryable"].BOOL);
            Assert.Equal("restore-snapshot", item["failed_step"].S);
            Assert.False(item.ContainsKey("step_history"));
        }

        [Fact]
        public void V3_adds_the_pipeline_version_step_history_and_duration()
        {
            var item = new StateItemV3("3.0.0").Write(Sample());

            Assert.Equal("3", item["format_version"].N);
            Assert.Equal("3.0.0", item["pipeline_version"].S);
            Assert.Equal(2, item["step_history"].L.Count);
            Assert.Equal("3", item["step_history"].L[1].M["attempts"].N);
            Assert.Equal("2026-11-25T16:27:59.456Z", item["step_history"].L[1].M["ended_at"].S);
            Assert.Equal("1234", item["duration_ms"].N);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Every_format_reads_back_what_it_wrote(int version)
        {
            var item = StateItemFormats.ForVersion(version, "3.0.0").Write(Sample());
            var read = StateItemFormats.Read(item);

            Assert.Equal(version, read.FormatVersion);
            Assert.Equal("op-0123456789ab", read.OperationId);
            Assert.Equal(OperationStatus.Failed, read.Status);
            Assert.True(read.Completed);
            Assert.Equal(StepNames.RestoreSnapshot, read.Step);
            Assert.Equal(Updated, read.UpdatedAt);
            Assert.Equal(Created, read.CreatedAt);
            Assert.Equal("arn:aws:iam::123456789012:user/ops", read.RequestedBy);
            Assert.Equal("src", read.DataString("source_cluster_id"));
            Assert.Equal(5432, read.DataInt("cluster_port"));
            Assert.True(read.DataBool("replace_target"));
            Assert.Equal("data", (string?)read.Data["tags"]!["team"]);
            Assert.Equal("cluster busy", read.Error!.Message);
            Assert.Equal(StepNames.RestoreSnapshot, read.FailedStep);
            Assert.Equal(version >= 2 ? 2 : 0, read.RetryCount);
            Assert.Equal(version >= 3 ? 2 : 0, read.StepHistory.Count);
            Assert.Equal(version >= 3 ? 1234 : (long?)null, read.DurationMs);
        }

        [Fact]
        public void A_hand_written_v1_item_of_the_real_pipeline_is_read()
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = "op-aaaaaaaaaaaa" },
                ["status"] = new AttributeValue { S = "in_progress" },
                ["completed"] = new AttributeValue { BOOL = false },
                ["timestamp"] = new AttributeValue { S = "2026-11-25T10:00:00.000Z" },
                ["state"] = new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["step"] = new AttributeValue { S = "copy-snapshot" },
                        ["snapshot_name"] = new AttributeValue { S = "rds:src-2026-11-24-03-00" },
                    },
                },
            };
            var read = StateItemFormats.Read(item);

            Assert.Equal(1, read.FormatVersion);
            Assert.Equal(OperationStatus.InProgress, read.Status);
            Assert.False(read.Completed);
            Assert.Equal("copy-snapshot", read.Step);
            Assert.Equal("rds:src-2026-11-24-03-00", read.DataString("snapshot_name"));
            Assert.Equal("unknown", read.RequestedBy);
        }

        [Fact]
        public void The_reserved_down_attribute_is_carried_through_unchanged()
        {
            var record = Sample();
            record.ReservedDown = new Dictionary<string, AttributeValue> { ["step_history"] = new AttributeValue { L = new List<AttributeValue>() } };
            var item = new StateItemV1().Write(record);
            Assert.True(item["_ar_down"].M.ContainsKey("step_history"));
            Assert.True(StateItemFormats.Read(item).ReservedDown!.ContainsKey("step_history"));
        }

        [Fact]
        public void An_unknown_format_version_is_refused_with_its_id()
        {
            var item = new StateItemV2().Write(Sample());
            item["format_version"] = new AttributeValue { N = "9" };
            var error = Assert.Throws<AuroraRestoreException>(() => StateItemFormats.Read(item));
            Assert.Equal("UnknownFormatVersion", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
        }

        [Theory]
        [InlineData("1.0.0", 1, 1, 1)]
        [InlineData("2.0.3", 2, 2, 1)]
        [InlineData("3.0.0", 3, 3, 3)]
        public void Each_pipeline_version_writes_its_own_formats(string pipeline, int state, int audit, int sns)
        {
            Assert.Equal(state, FormatVersions.StateFormatFor(pipeline));
            Assert.Equal(audit, FormatVersions.AuditFormatFor(pipeline));
            Assert.Equal(sns, FormatVersions.SnsFormatFor(pipeline));
            Assert.Equal("UnknownPipelineVersion", Assert.Throws<AuroraRestoreException>(() => FormatVersions.Definition("4.0.0")).ErrorId);
        }

        private static string[] Sorted(IEnumerable<string> keys)
        {
            var list = new List<string>(keys);
            list.Sort(StringComparer.Ordinal);
            return list.ToArray();
        }
    }
}
