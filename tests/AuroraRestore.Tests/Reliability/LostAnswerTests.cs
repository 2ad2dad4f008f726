using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws;
using AuroraRestore.Control;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Reliability
{
    /// <summary>
    /// Conditional control-table writes whose answer is lost after moto applied them (the connection dropped after
    /// forwarding): the re-sent request fails its condition against the writer's own record, which must still count as
    /// the writer's success, while a real conflict still fails. Records are read back through the AWS CLI.
    /// </summary>
    public sealed class LostAnswerTests : IClassFixture<MotoServer>
    {
        private readonly MotoServer moto;

        public LostAnswerTests(MotoServer moto) => this.moto = moto;

        [Fact]
        public async Task A_conditional_put_applied_before_its_answer_was_lost_is_the_writers_own_success()
        {
            var table = await TableAsync("lost-put");
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 1, Kinds = new[] { FaultKind.DropAfterForward }, DropAfterForwardWhere = EveryOther("dynamodb PutItem") });
            using var db = FaultProxyTests.Through(proxy).CreateDynamoDb();
            var control = new ControlTable(db, table);

            var created = await control.TryPutAsync(Record("runner-a", 0), ControlPutCondition.NotExists, CancellationToken.None);
            var moved = await control.TryPutAsync(Record("runner-a", 1), ControlPutCondition.RevisionIs(1), CancellationToken.None);

            Assert.NotNull(created);
            Assert.NotNull(moved);
            Assert.Equal(2, moved!.Revision);
            Assert.True(proxy.Count(FaultKind.DropAfterForward) >= 2, proxy.Summary());
            var stored = AwsCli.Json(moto, "dynamodb", "get-item", "--table-name", table, "--key", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"S\":\"upgrade\"}}")!["Item"]!;
            Assert.Equal("2", (string?)stored["revision"]!["N"]);
            Assert.Equal("runner-a", (string?)stored["owner"]!["S"]);
        }

        [Fact]
        public async Task A_real_conflict_still_fails_and_a_lost_delete_answer_still_deletes()
        {
            var table = await TableAsync("lost-conflict");
            using var direct = TestContexts.For(moto).CreateDynamoDb();
            var first = await new ControlTable(direct, table).TryPutAsync(Record("runner-a", 0), ControlPutCondition.NotExists, CancellationToken.None);
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 1, Kinds = new[] { FaultKind.DropAfterForward }, DropAfterForwardWhere = EveryOther("dynamodb DeleteItem") });
            using var db = FaultProxyTests.Through(proxy).CreateDynamoDb();
            var control = new ControlTable(db, table);

            Assert.Null(await control.TryPutAsync(Record("runner-b", 0), ControlPutCondition.NotExists, CancellationToken.None));
            Assert.Null(await control.TryPutAsync(Record("runner-b", 5), ControlPutCondition.RevisionIs(5), CancellationToken.None));
            Assert.False(await control.TryDeleteAsync("lock", "upgrade", 7, CancellationToken.None));
            Assert.Equal("runner-a", (string?)AwsCli.Json(moto, "dynamodb", "get-item", "--table-name", table, "--key", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"S\":\"upgrade\"}}")!["Item"]!["owner"]!["S"]);

            Assert.True(await control.TryDeleteAsync("lock", "upgrade", first!.Revision, CancellationToken.None));
            Assert.True(proxy.Count(FaultKind.DropAfterForward) >= 1, proxy.Summary());
            Assert.Null(AwsCli.Json(moto, "dynamodb", "get-item", "--table-name", table, "--key", "{\"pk\":{\"S\":\"lock\"},\"sk\":{\"S\":\"upgrade\"}}")?["Item"]);
        }

        /// <summary>Drops the first attempt of each such request after moto applied it, and lets its re-sent copy through.</summary>
        private static Func<string, bool> EveryOther(string operation)
        {
            var seen = 0;
            return call => call == operation && Interlocked.Increment(ref seen) % 2 == 1;
        }

        private static ControlRecord Record(string owner, long revision)
            => new ControlRecord("lock", "upgrade", new Dictionary<string, AttributeValue> { ["owner"] = new AttributeValue { S = owner } }, revision);

        private async Task<string> TableAsync(string name)
        {
            using var db = TestContexts.For(moto).CreateDynamoDb();
            await ControlTable.EnsureExistsAsync(db, name, CancellationToken.None);
            return name;
        }
    }
}
