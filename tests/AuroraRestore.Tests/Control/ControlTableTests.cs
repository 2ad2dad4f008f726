using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Control
{
    public sealed class ControlTableTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public ControlTableTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task EnsureExists_creates_the_table_once_with_the_documented_key()
        {
            using var db = TestContexts.For(moto).CreateDynamoDb();
            await ControlTable.EnsureExistsAsync(db, "AuroraRestoreControl-ensure", CancellationToken.None);
            await ControlTable.EnsureExistsAsync(db, "AuroraRestoreControl-ensure", CancellationToken.None);

            var table = AwsCli.Json(moto, "dynamodb", "describe-table", "--table-name", "AuroraRestoreControl-ensure")!["Table"]!;
            var keys = table["KeySchema"]!.AsArray().Select(k => (string)k!["AttributeName"]! + ":" + (string)k!["KeyType"]!).ToList();
            Assert.Equal(new[] { "pk:HASH", "sk:RANGE" }, keys);
            Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingModeSummary"]!["BillingMode"]);
            Assert.Equal("ACTIVE", (string?)table["TableStatus"]);
        }

        [Fact]
        public async Task A_table_of_that_name_with_another_key_is_refused()
        {
            AwsCli.Run(moto, "dynamodb", "create-table", "--table-name", "AuroraRestoreControl-foreign",
                "--attribute-definitions", "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH",
                "--billing-mode", "PAY_PER_REQUEST");
            using var db = TestContexts.For(moto).CreateDynamoDb();
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => ControlTable.EnsureExistsAsync(db, "AuroraRestoreControl-foreign", CancellationToken.None));
            Assert.Equal("ControlTableSchemaMismatch", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
        }

        [Fact]
        public async Task Records_are_stored_read_replaced_only_at_their_revision_queried_and_deleted()
        {
            using var db = TestContexts.For(moto).CreateDynamoDb();
            await ControlTable.EnsureExistsAsync(db, "AuroraRestoreControl-records", CancellationToken.None);
            var table = new ControlTable(db, "AuroraRestoreControl-records");

            var first = await table.TryPutAsync(new ControlRecord("lock#prod", "lock", new Dictionary<string, AttributeValue> { ["owner"] = new AttributeValue { S = "runner-a" } }), ControlPutCondition.NotExists, CancellationToken.None);
            Assert.NotNull(first);
            Assert.Equal(1, first!.Revision);
            Assert.Null(await table.TryPutAsync(new ControlRecord("lock#prod", "lock", new Dictionary<string, AttributeValue> { ["owner"] = new AttributeValue { S = "runner-b" } }), ControlPutCondition.NotExists, CancellationToken.None));

            var cli = AwsCli.Json(moto, "dynamodb", "get-item", "--table-name", "AuroraRestoreControl-records", "--key", "{\"pk\":{\"S\":\"lock#prod\"},\"sk\":{\"S\":\"lock\"}}", "--consistent-read")!["Item"]!;
            Assert.Equal("runner-a", (string?)cli["owner"]!["S"]);
            Assert.Equal("1", (string?)cli["revision"]!["N"]);

            var read = (await table.GetAsync("lock#prod", "lock", CancellationToken.None))!;
            var second = await table.TryPutAsync(new ControlRecord(read.Pk, read.Sk, new Dictionary<string, AttributeValue> { ["owner"] = new AttributeValue { S = "runner-c" } }, read.Revision), ControlPutCondition.RevisionIs(read.Revision), CancellationToken.None);
            Assert.Equal(2, second!.Revision);
            Assert.Null(await table.TryPutAsync(new ControlRecord(read.Pk, read.Sk, read.Attributes, read.Revision), ControlPutCondition.RevisionIs(read.Revision), CancellationToken.None));
            Assert.Equal("runner-c", (await table.GetAsync("lock#prod", "lock", CancellationToken.None))!.GetString("owner"));

            for (var i = 0; i < 3; i++)
            {
                await table.PutAsync(new ControlRecord("journal#prod", "entry#" + i, new Dictionary<string, AttributeValue> { ["n"] = new AttributeValue { N = i.ToString() } }), CancellationToken.None);
            }

            var journal = await table.QueryAsync("journal#prod", CancellationToken.None);
            Assert.Equal(new[] { "entry#0", "entry#1", "entry#2" }, journal.Select(r => r.Sk));
            Assert.Equal(2, journal[2].GetNumber("n"));

            Assert.False(await table.TryDeleteAsync("lock#prod", "lock", 1, CancellationToken.None));
            Assert.True(await table.TryDeleteAsync("lock#prod", "lock", 2, CancellationToken.None));
            await table.DeleteAsync("journal#prod", "entry#1", CancellationToken.None);
            var remaining = AwsCli.Json(moto, "dynamodb", "scan", "--table-name", "AuroraRestoreControl-records")!["Items"]!.AsArray()
                .Select(i => (string)i!["pk"]!["S"]! + "/" + (string)i!["sk"]!["S"]!).OrderBy(s => s).ToList();
            Assert.Equal(new[] { "journal#prod/entry#0", "journal#prod/entry#2" }, remaining);
        }

        [Fact]
        public void Reserved_attribute_names_are_refused()
        {
            Assert.Throws<System.ArgumentException>(() => new ControlRecord("a", "b", new Dictionary<string, AttributeValue> { ["revision"] = new AttributeValue { N = "9" } }));
        }
    }
}
