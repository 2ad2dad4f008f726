using System;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Aws.Protocol;
using Xunit;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>The lenient JSON readers: what the JSON protocols send, and what a missing or mistyped member reads as.</summary>
    public sealed class JsonReaderTests
    {
        private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

        [Theory]
        [InlineData("{\"t\":1795624819.386}", 1795624819386L)]
        [InlineData("{\"t\":1714384800}", 1714384800000L)]
        [InlineData("{\"t\":1714384800.0005}", 1714384800001L)]
        [InlineData("{\"t\":\"2024-04-29T10:00:00.125Z\"}", 1714384800125L)]
        [InlineData("{\"t\":\"2024-04-29T10:00:00.125+00:00\"}", 1714384800125L)]
        public void EpochTime_reads_epoch_seconds_and_ISO_text(string json, long expectedUnixMilliseconds)
            => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedUnixMilliseconds), Json.EpochTime(Parse(json), "t"));

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"t\":null}")]
        [InlineData("{\"t\":\"yesterday\"}")]
        [InlineData("{\"t\":{}}")]
        [InlineData("{\"t\":true}")]
        public void EpochTime_of_a_missing_or_unreadable_member_is_null(string json)
            => Assert.Null(Json.EpochTime(Parse(json), "t"));

        [Fact]
        public void Members_of_another_type_read_as_null_instead_of_throwing()
        {
            var json = Parse("{\"n\":12,\"s\":\"text\",\"f\":1.5,\"b\":true,\"big\":9000000000}");

            Assert.Null(Json.Text(json, "n"));
            Assert.Equal("text", Json.Text(json, "s"));
            Assert.Null(Json.Long(json, "s"));
            Assert.Equal(12, Json.Long(json, "n"));
            Assert.Null(Json.Long(json, "f"));
            Assert.Equal(9000000000L, Json.Long(json, "big"));
            Assert.Null(Json.Int(json, "big"));
            Assert.Equal(true, Json.Bool(json, "b"));
            Assert.Null(Json.Bool(json, "n"));
            Assert.Null(Json.Object(json, "s"));
            Assert.Empty(Json.Objects(json, "n"));
            Assert.Null(Json.Text(null, "s"));
        }

        [Fact]
        public void StringMap_keeps_string_values_only()
        {
            var map = Parse("{\"A\":\"1\",\"B\":2,\"C\":null,\"D\":\"x\"}");
            Assert.Equal(new[] { "A=1", "D=x" }, Json.StringMap(map).Select(p => p.Key + "=" + p.Value));
        }
    }
}
