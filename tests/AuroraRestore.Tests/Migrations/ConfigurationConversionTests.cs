using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using Xunit;

namespace AuroraRestore.Tests.Migrations
{
    public sealed class ConfigurationConversionTests
    {
        private static readonly ConfigurationEdge Edge = new ConfigurationV1ToV2Edge();

        private static JsonObject Minimal(int format = 1) => new JsonObject
        {
            ["format_version"] = format,
            ["source_region"] = "us-east-1",
            ["source_cluster_id"] = "src",
            ["target_cluster_id"] = "dst",
        };

        [Fact]
        public void Up_adds_the_new_keys_with_their_documented_defaults()
        {
            var v2 = Edge.Up(Minimal());
            Assert.Equal(2, (int)v2["format_version"]!);
            Assert.Equal("AuroraRestore", (string)v2["metrics_namespace"]!);
            Assert.True((bool)v2["metrics_enabled"]!);
            Assert.Equal("full", (string)v2["notification_detail"]!);
            Assert.Equal(3, (int)v2["step_retry_max_attempts"]!);
            Assert.Equal(240, (int)v2["operation_timeout_minutes"]!);
        }

        [Fact]
        public void Down_removes_them_and_keeps_only_what_differs_from_the_defaults()
        {
            var v2 = Edge.Up(Minimal());
            v2["notification_detail"] = "summary";
            v2.Remove("metrics_namespace");
            var v1 = Edge.Down(v2);
            Assert.Equal(1, (int)v1["format_version"]!);
            Assert.False(v1.ContainsKey("notification_detail"));
            var kept = (JsonObject)v1["_ar_down"]!;
            Assert.Equal("summary", (string)kept["notification_detail"]!);
            Assert.True(kept.ContainsKey("metrics_namespace") && kept["metrics_namespace"] == null);
            Assert.Equal(2, kept.Count);
            Assert.False(Edge.Down(Edge.Up(Minimal())).ContainsKey("_ar_down"));
        }

        [Fact]
        public void Generated_documents_round_trip_both_ways()
        {
            var random = new Random(20261125);
            for (var i = 0; i < 300; i++)
            {
                var v1 = Generate(random);
                Assert.True(JsonNode.DeepEquals(v1, Edge.Down(Edge.Up(v1))), $"case {i}: {v1.ToJsonString()}");
                var v2 = Edge.Up(v1);
                Mutate(random, v2);
                Assert.True(JsonNode.DeepEquals(v2, Edge.Up(Edge.Down(v2))), $"case {i}: {v2.ToJsonString()}");
                var withKept = Edge.Down(v2);
                Assert.True(JsonNode.DeepEquals(withKept, Edge.Down(Edge.Up(withKept))), $"case {i}: {withKept.ToJsonString()}");
            }
        }

        [Fact]
        public void Conversions_do_not_change_their_input()
        {
            var v1 = Minimal();
            var text = v1.ToJsonString();
            var v2 = Edge.Up(v1);
            Assert.Equal(text, v1.ToJsonString());
            var v2Text = v2.ToJsonString();
            Edge.Down(v2);
            Assert.Equal(v2Text, v2.ToJsonString());
        }

        public static IEnumerable<object[]> MalformedFormat1() => new[]
        {
            new object[] { "{\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\"}", "format_version" },
            new object[] { "{\"format_version\":\"1\",\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\"}", "format_version" },
            new object[] { "{\"format_version\":1,\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\"}", "source_region" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"instance_cont\":2}", "instance_cont" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"instance_count\":16}", "instance_count" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"port\":5432.5}", "port" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"storage_encrypted\":\"yes\"}", "storage_encrypted" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"vpc_security_group_ids\":[1]}", "vpc_security_group_ids" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"metrics_enabled\":false}", "metrics_enabled" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"_ar_down\":{\"metrics_enabled\":true}}", "default" },
            new object[] { "{\"format_version\":1,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\",\"_ar_down\":{\"port\":1}}", "_ar_down.port" },
            new object[] { "{\"format_version\":2,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\"}", "expected 1" },
        };

        [Theory]
        [MemberData(nameof(MalformedFormat1))]
        public void A_malformed_format_1_document_is_refused(string json, string mentioned)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => Edge.Up((JsonObject)JsonNode.Parse(json)!));
            Assert.Equal("ConfigurationInvalid", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Contains(mentioned, error.Message);
        }

        [Theory]
        [InlineData("\"step_retry_max_attempts\":11", "step_retry_max_attempts")]
        [InlineData("\"operation_timeout_minutes\":5", "operation_timeout_minutes")]
        [InlineData("\"notification_detail\":\"verbose\"", "notification_detail")]
        [InlineData("\"_ar_down\":{}", "_ar_down")]
        public void A_malformed_format_2_document_is_refused(string extra, string mentioned)
        {
            var json = "{\"format_version\":2,\"source_region\":\"us-east-1\",\"source_cluster_id\":\"a\",\"target_cluster_id\":\"b\"," + extra + "}";
            var error = Assert.Throws<AuroraRestoreException>(() => Edge.Down((JsonObject)JsonNode.Parse(json)!));
            Assert.Equal("ConfigurationInvalid", error.ErrorId);
            Assert.Contains(mentioned, error.Message);
        }

        private static JsonObject Generate(Random random)
        {
            var document = Minimal();
            if (random.Next(2) == 0) document["target_region"] = "us-west-2";
            if (random.Next(2) == 0) document["instance_count"] = random.Next(1, 16);
            if (random.Next(2) == 0) document["port"] = random.Next(1, 65536);
            if (random.Next(2) == 0) document["storage_encrypted"] = random.Next(2) == 0;
            if (random.Next(2) == 0) document["vpc_security_group_ids"] = new JsonArray("sg-1", "sg-2");
            if (random.Next(2) == 0) document["database_name"] = "データベース";
            if (random.Next(3) == 0)
            {
                // A document that came down from format 2 earlier.
                var kept = new JsonObject();
                if (random.Next(2) == 0) kept["metrics_enabled"] = false;
                if (random.Next(2) == 0) kept["operation_timeout_minutes"] = random.Next(10, 240);
                if (random.Next(2) == 0) kept["metrics_namespace"] = null;
                if (kept.Count > 0) document["_ar_down"] = kept;
            }

            return document;
        }

        private static void Mutate(Random random, JsonObject v2)
        {
            if (random.Next(2) == 0) v2["metrics_namespace"] = "Custom/" + random.Next(100);
            if (random.Next(2) == 0) v2["notification_detail"] = random.Next(2) == 0 ? "summary" : "full";
            if (random.Next(2) == 0) v2["step_retry_max_attempts"] = random.Next(1, 11);
            if (random.Next(3) == 0) v2.Remove("metrics_enabled");
            if (random.Next(3) == 0) v2.Remove("operation_timeout_minutes");
        }
    }
}
