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

        [Fact]
        public async Task A_lambda_alias_created_before_its_answer_was_lost_is_the_creators_own()
        {
            Boto3.Run(moto, @"
import io, zipfile
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, 'w') as z: z.writestr('pipeline-version.txt', 'x')
role = client('iam').create_role(RoleName='lost-alias-role', AssumeRolePolicyDocument='{}')['Role']['Arn']
lam = client('lambda')
lam.create_function(FunctionName='lost-alias', Runtime='dotnet8', Role=role, Handler='h', Code={'ZipFile': buffer.getvalue()})
lam.publish_version(FunctionName='lost-alias')
emit(True)
");
            using var proxy = new FaultProxy(moto.Endpoint, new FaultProxyOptions { Rate = 1, Kinds = new[] { FaultKind.DropAfterForward }, DropAfterForwardWhere = EveryOther("lambda POST /2015-03-31/functions/lost-alias/aliases") });
            using var aws = new AwsClients(FaultProxyTests.Through(proxy));

            var alias = await aws.Lambda.CreateAliasAsync("lost-alias", "live", "1", null, CancellationToken.None);
            var conflict = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Lambda.CreateAliasAsync("lost-alias", "live", "$LATEST", null, CancellationToken.None));

            Assert.Equal("1", alias.FunctionVersion);
            Assert.Contains("Conflict", conflict.ErrorCode);
            Assert.True(proxy.Count(FaultKind.DropAfterForward) >= 1, proxy.Summary());
            Assert.Equal("1", (string?)AwsCli.Json(moto, "lambda", "get-alias", "--function-name", "lost-alias", "--name", "live")!["FunctionVersion"]);
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
