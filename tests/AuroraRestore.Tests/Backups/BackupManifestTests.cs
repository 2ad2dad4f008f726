using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using Xunit;

namespace AuroraRestore.Tests.Backups
{
    public sealed class BackupManifestTests
    {
        [Fact]
        public void A_manifest_reads_back_as_written_in_the_documented_shape()
        {
            var manifest = Sample();
            var bytes = manifest.ToJson();
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("\r", text);
            Assert.StartsWith("{\n  \"format_version\": 1,\n  \"name\": \"staging-20260101-120000\"", text, StringComparison.Ordinal);

            var read = BackupManifest.Parse(bytes, "test");
            Assert.Equal(manifest.Name, read.Name);
            Assert.Equal(manifest.CreatedAt, read.CreatedAt);
            Assert.Equal("operation_id S HASH", read.Tables[0].KeySchema.Single().ToString());
            Assert.Equal("StatusIndex (status S HASH, updated_at S RANGE; ALL)", read.Tables[0].Indexes.Single().ToString());
            Assert.Equal(manifest.Tables.Select(t => t.Checksum), read.Tables.Select(t => t.Checksum));
            Assert.Equal(manifest.Files.Select(f => f.Sha256), read.Files.Select(f => f.Sha256));
            Assert.Equal(bytes, read.ToJson());
        }

        public static TheoryData<string, string> BrokenManifests() => new TheoryData<string, string>
        {
            { "not JSON", "{ \"format_version\": 1," },
            { "not an object", "[1, 2]" },
            { "another format", "format_version=2" },
            { "no name", "name=" },
            { "bad environment", "environment=Prod!" },
            { "bad time", "created_at=yesterday" },
            { "no tables", "tables=[]" },
            { "bad checksum", "tables[0].checksum=12:xyz" },
            { "bad role", "tables[0].role=other" },
            { "negative count", "tables[0].item_count=-1" },
            { "path in a file name", "files[0].name=../../etc/passwd" },
            { "bad sha256", "files[0].sha256=ABC" },
            { "duplicate file", "files[1].name=main-stack.template" },
        };

        [Theory]
        [MemberData(nameof(BrokenManifests))]
        public void A_damaged_manifest_is_refused_as_BackupManifestInvalid(string why, string edit)
        {
            byte[] bytes;
            if (!edit.Contains('=', StringComparison.Ordinal))
            {
                bytes = Encoding.UTF8.GetBytes(edit);
            }
            else
            {
                var document = JsonNode.Parse(Sample().ToJson())!.AsObject();
                var (path, value) = (edit.Substring(0, edit.IndexOf('=')), edit.Substring(edit.IndexOf('=') + 1));
                Set(document, path, value);
                bytes = Encoding.UTF8.GetBytes(document.ToJsonString());
            }

            var error = Assert.Throws<AuroraRestoreException>(() => BackupManifest.Parse(bytes, "set/manifest.json"));
            Assert.Equal("BackupManifestInvalid", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.True(error.Message.Length > 0, why);
        }

        internal static BackupManifest Sample() => new BackupManifest
        {
            Name = "staging-20260101-120000",
            Environment = "staging",
            Region = "us-east-1",
            PipelineVersion = "2.0.0",
            CreatedAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, 123, TimeSpan.Zero),
            Tables = new List<ManifestTable>
            {
                new ManifestTable
                {
                    Role = ManifestTable.StateRole,
                    TableName = "AuroraRestoreState-staging",
                    BackupArn = "arn:aws:dynamodb:us-east-1:123456789012:table/AuroraRestoreState-staging/backup/01",
                    BackupName = "staging-20260101-120000-AuroraRestoreState-staging",
                    KeySchema = new[] { new ManifestKeyElement("operation_id", "S", "HASH") },
                    Indexes = new[] { new ManifestIndex("StatusIndex", new[] { new ManifestKeyElement("status", "S", "HASH"), new ManifestKeyElement("updated_at", "S", "RANGE") }, "ALL") },
                    BillingMode = "PAY_PER_REQUEST",
                    ItemCount = 12,
                    Checksum = "12:" + new string('a', 64),
                },
            },
            Files = new[] { new ManifestFile("main-stack.template", new string('b', 64), 10), new ManifestFile("functions.json", new string('c', 64), 20) },
        };

        private static void Set(JsonObject document, string path, string value)
        {
            JsonNode node = document;
            var parts = path.Split('.');
            foreach (var part in parts.Take(parts.Length - 1))
            {
                node = part.EndsWith("]", StringComparison.Ordinal)
                    ? node[part.Substring(0, part.IndexOf('['))]![int.Parse(part.Substring(part.IndexOf('[') + 1).TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)]!
                    : node[part]!;
            }

            var last = parts[^1];
            node[last] = value.Length == 0 ? JsonValue.Create(string.Empty) : JsonNode.Parse(value.StartsWith("[", StringComparison.Ordinal) || char.IsDigit(value[0]) && !value.Contains(':', StringComparison.Ordinal) || value[0] == '-' ? value : JsonValue.Create(value)!.ToJsonString());
        }
    }
}
