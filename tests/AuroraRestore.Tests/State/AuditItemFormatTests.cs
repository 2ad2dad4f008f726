using System;
using AuroraRestore.State;
using Xunit;

namespace AuroraRestore.Tests.State
{
    public sealed class AuditItemFormatTests
    {
        private static AuditEvent Failure()
        {
            var e = new AuditEvent("op-0123456789ab", new DateTimeOffset(2026, 11, 25, 16, 27, 59, 123, TimeSpan.Zero), StepNames.CopySnapshot, "failed")
            {
                Actor = "module",
                Error = new OperationError("KmsKeyNotAccessible", "no key", StepNames.CopySnapshot, false),
                DurationMs = 42,
            };
            e.Details["target_snapshot_name"] = "copy-1";
            return e;
        }

        [Fact]
        public void V1_has_exactly_the_documented_attributes()
        {
            var item = AuditItemFormats.Write(Failure(), 1, "1.0.0", "2026-11-25T16:27:59.123Z");
            Assert.Equal(new[] { "details", "operation_id", "status", "step", "timestamp" }, new System.Collections.Generic.SortedSet<string>(item.Keys, StringComparer.Ordinal));
            Assert.Equal("no key", item["details"].M["error"].S);
            Assert.Equal("copy-1", item["details"].M["target_snapshot_name"].S);
        }

        [Fact]
        public void V2_adds_event_type_actor_and_error()
        {
            var item = AuditItemFormats.Write(Failure(), 2, "2.0.0", "2026-11-25T16:27:59.123Z#2");
            Assert.Equal("2", item["format_version"].N);
            Assert.Equal("step_failed", item["event_type"].S);
            Assert.Equal("module", item["actor"].S);
            Assert.Equal("KmsKeyNotAccessible", item["error"].M["type"].S);
            Assert.False(item.ContainsKey("pipeline_version"));
            Assert.Equal("2026-11-25T16:27:59.123Z#2", item["timestamp"].S);
        }

        [Fact]
        public void V3_adds_pipeline_version_and_duration_and_reads_back()
        {
            var item = AuditItemFormats.Write(Failure(), 3, "3.0.0", "2026-11-25T16:27:59.123Z");
            Assert.Equal("3.0.0", item["pipeline_version"].S);
            Assert.Equal("42", item["duration_ms"].N);

            var read = AuditItemFormats.Read(item);
            Assert.Equal(3, read.FormatVersion);
            Assert.Equal(StepNames.CopySnapshot, read.Step);
            Assert.Equal("failed", read.Status);
            Assert.Equal("step_failed", read.EventType);
            Assert.Equal(42, read.DurationMs);
            Assert.Equal("no key", read.Error!.Message);
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 16, 27, 59, 123, TimeSpan.Zero), read.Timestamp);
        }

        [Theory]
        [InlineData("operation", "started", "operation_created")]
        [InlineData("operation", "stopped", "operation_stopped")]
        [InlineData("snapshot-check", "succeeded", "step_succeeded")]
        public void Event_types_follow_step_and_status(string step, string status, string expected)
            => Assert.Equal(expected, AuditEvent.DeriveEventType(step, status));
    }
}
