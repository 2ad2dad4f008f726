using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Migrations;
using AuroraRestore.State;
using Xunit;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>
    /// Property tests over generated items: every down transform is undone by its up transform and the other way
    /// round, across one edge and across both, for items written before and after an upgrade.
    /// </summary>
    public sealed class ItemEdgeRoundTripTests
    {
        private const int Cases = 400;
        private static readonly ItemEdge State12 = new StateV1ToV2Edge();
        private static readonly ItemEdge State23 = new StateV2ToV3Edge();
        private static readonly ItemEdge Audit12 = new AuditV1ToV2Edge();
        private static readonly ItemEdge Audit23 = new AuditV2ToV3Edge();

        public static IEnumerable<object[]> Seeds() => new[] { new object[] { 1 }, new object[] { 42 }, new object[] { 20261125 } };

        [Theory]
        [MemberData(nameof(Seeds))]
        public void State_v1_up_then_down_gives_the_item_back(int seed)
        {
            ForAll(seed, g => g.StateV1(), item =>
            {
                var up = State12.Up(item);
                Assert.Equal(2, FormatMarker.Detect(up));
                return State12.Down(up);
            });
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void State_v2_down_then_up_gives_the_item_back(int seed)
        {
            ForAll(seed, g => g.StateV2(), item =>
            {
                var down = State12.Down(item);
                Assert.Equal(1, FormatMarker.Detect(down));
                return State12.Up(down);
            });
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void State_v2_up_then_down_gives_the_item_back(int seed)
        {
            ForAll(seed, g => g.StateV2(), item => State23.Down(State23.Up(item)));
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void State_v3_down_then_up_gives_the_item_back(int seed)
        {
            ForAll(seed, g => g.StateV3(), item => State23.Up(State23.Down(item)));
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void State_v3_down_to_v1_and_back_gives_the_item_back(int seed)
        {
            ForAll(seed, g => g.StateV3(), item =>
            {
                var v1 = State12.Down(State23.Down(item));
                Assert.Equal(1, FormatMarker.Detect(v1));
                Assert.False(v1.ContainsKey("step_history"));
                return State23.Up(State12.Up(v1));
            });
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void State_v1_up_to_v3_and_back_gives_the_item_back(int seed)
        {
            ForAll(seed, g => g.StateV1(), item => State12.Down(State23.Down(State23.Up(State12.Up(item)))));
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void A_v1_item_that_came_down_from_v3_survives_another_round_trip(int seed)
        {
            // v1 items holding _ar_down layers for 2 and 3: up to 3 and down again must give them back exactly.
            ForAll(seed, g => State12.Down(State23.Down(g.StateV3())), item => State12.Down(State23.Down(State23.Up(State12.Up(item)))));
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Audit_items_round_trip_across_both_edges(int seed)
        {
            ForAll(seed, g => g.AuditV1(), item => Audit12.Down(Audit23.Down(Audit23.Up(Audit12.Up(item)))));
            ForAll(seed + 1, g => g.AuditV2(), item => Audit12.Up(Audit12.Down(item)));
            ForAll(seed + 2, g => g.AuditV2(), item => Audit23.Down(Audit23.Up(item)));
            ForAll(seed + 3, g => g.AuditV3(), item => Audit23.Up(Audit12.Up(Audit12.Down(Audit23.Down(item)))));
        }

        [Fact]
        public void Items_near_the_400_KB_limit_round_trip()
        {
            var generator = new ItemGenerator(7);
            for (var i = 0; i < 5; i++)
            {
                var v3 = generator.StateV3(large: true);
                ItemAssert.Equal(v3, State23.Up(State12.Up(State12.Down(State23.Down(v3)))), "large state v3");
                var v1 = generator.StateV1(large: true);
                ItemAssert.Equal(v1, State12.Down(State23.Down(State23.Up(State12.Up(v1)))), "large state v1");
                var audit = generator.AuditV3(large: true);
                ItemAssert.Equal(audit, Audit23.Up(Audit12.Up(Audit12.Down(Audit23.Down(audit)))), "large audit v3");
            }
        }

        [Fact]
        public void Minimal_items_round_trip()
        {
            var v1 = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = "op-000000000001" },
                ["timestamp"] = new AttributeValue { S = "2026-11-25T16:27:59.123Z" },
            };
            var v2 = State12.Up(v1);
            Assert.Equal("unknown", v2["requested_by"].S);
            Assert.Equal("2026-11-25T16:27:59.123Z", v2["created_at"].S);
            Assert.Equal("0", v2["retry_count"].N);
            ItemAssert.Equal(v1, State12.Down(v2), "minimal v1");
            Assert.False(State12.Down(v2).ContainsKey(ReservedDownAttribute.AttributeName));
        }

        [Fact]
        public void A_failed_v1_operation_gets_a_structured_error_and_its_failed_step()
        {
            var v1 = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = "op-00000000000f" },
                ["status"] = new AttributeValue { S = "failed" },
                ["completed"] = new AttributeValue { BOOL = true },
                ["timestamp"] = new AttributeValue { S = "2026-11-25T16:27:59.123Z" },
                ["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["step"] = new AttributeValue { S = "copy-snapshot" } } },
                ["error"] = new AttributeValue { S = "KMS key not found" },
            };
            var v2 = State12.Up(v1);
            Assert.Equal("KMS key not found", v2["error"].M["message"].S);
            Assert.Equal("copy-snapshot", v2["error"].M["step"].S);
            Assert.False(v2["error"].M["retryable"].BOOL);
            Assert.Equal("copy-snapshot", v2["failed_step"].S);
            var v3 = State23.Up(v2);
            Assert.Equal("2.0.0", v3["pipeline_version"].S);
            Assert.Empty(v3["step_history"].L);
            Assert.Equal("0", v3["duration_ms"].N);
        }

        [Fact]
        public void A_v3_item_keeps_what_v1_cannot_hold_in_the_reserved_attribute()
        {
            var v3 = new ItemGenerator(99).StateV3();
            v3["requested_by"] = new AttributeValue { S = "arn:aws:iam::123456789012:user/ana" };
            v3["retry_count"] = new AttributeValue { N = "4" };
            var v1 = State12.Down(State23.Down(v3));
            var reserved = v1[ReservedDownAttribute.AttributeName].M;
            Assert.Equal("4", reserved["2"].M["attrs"].M["retry_count"].M["v"].N);
            Assert.Equal(16, reserved["2"].M["basis"].B.Length);
            Assert.NotNull(reserved["3"].M["attrs"].M["step_history"].M["v"].L);
            Assert.Equal(v3["step_history"].L.Count, reserved["3"].M["attrs"].M["step_history"].M["v"].L.Count);
        }

        [Fact]
        public void After_a_down_migration_a_change_by_the_older_pipeline_wins_over_the_kept_value()
        {
            var v2 = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = "op-0000000000aa" },
                ["status"] = new AttributeValue { S = "in_progress" },
                ["completed"] = new AttributeValue { BOOL = false },
                ["timestamp"] = new AttributeValue { S = "2026-11-25T10:00:00.000Z" },
                ["format_version"] = new AttributeValue { N = "2" },
                ["created_at"] = new AttributeValue { S = "2026-11-25T09:00:00.000Z" },
                ["updated_at"] = new AttributeValue { S = "2026-11-25T10:00:00.001Z" },
                ["requested_by"] = new AttributeValue { S = "ana" },
                ["retry_count"] = new AttributeValue { N = "2" },
            };
            var v1 = State12.Down(v2);

            // The 1.0 pipeline goes on with the operation after the rollback: a new status and timestamp.
            v1["status"] = new AttributeValue { S = "completed" };
            v1["timestamp"] = new AttributeValue { S = "2026-11-25T11:00:00.000Z" };
            var again = State12.Up(v1);

            Assert.Equal("2026-11-25T11:00:00.000Z", again["updated_at"].S); // derived from the newer fact, not the stale 10:00:00.001
            Assert.Equal("completed", again["status"].S);
            Assert.Equal("ana", again["requested_by"].S); // nothing newer exists for these: kept values return
            Assert.Equal("2", again["retry_count"].N);
            Assert.Equal("2026-11-25T09:00:00.000Z", again["created_at"].S);
        }

        [Fact]
        public void Transforms_never_change_their_input()
        {
            var generator = new ItemGenerator(5);
            for (var i = 0; i < 100; i++)
            {
                var v3 = generator.StateV3();
                var before = CanonicalItemEncoder.Encode(v3);
                var v1 = State12.Down(State23.Down(v3));
                Assert.Equal(before, CanonicalItemEncoder.Encode(v3));
                var v1Before = CanonicalItemEncoder.Encode(v1);
                State23.Up(State12.Up(v1));
                Assert.Equal(v1Before, CanonicalItemEncoder.Encode(v1));
            }
        }

        [Fact]
        public void Numbers_at_DynamoDB_limits_pass_through_unchanged()
        {
            foreach (var number in ItemGenerator.ExtremeNumbers)
            {
                var v1 = new Dictionary<string, AttributeValue>
                {
                    ["operation_id"] = new AttributeValue { S = "op-1" },
                    ["timestamp"] = new AttributeValue { S = "2026-11-25T16:27:59.123Z" },
                    ["state"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["cluster_port"] = new AttributeValue { N = number } } },
                };
                var back = State12.Down(State23.Down(State23.Up(State12.Up(v1))));
                Assert.Equal(number, back["state"].M["cluster_port"].N);
            }
        }

        private static void ForAll(int seed, Func<ItemGenerator, Dictionary<string, AttributeValue>> generate, Func<Dictionary<string, AttributeValue>, Dictionary<string, AttributeValue>> roundTrip)
        {
            var generator = new ItemGenerator(seed);
            for (var i = 0; i < Cases; i++)
            {
                var item = generate(generator);
                var before = ItemAssert.Snapshot(item);
                Dictionary<string, AttributeValue> back;
                try
                {
                    back = roundTrip(item);
                }
                catch (ItemFormatException ex)
                {
                    throw new Xunit.Sdk.XunitException($"seed {seed} case {i}: {ex.ErrorId}: {ex.Message}");
                }

                ItemAssert.Equal(before, back, $"seed {seed} case {i}");
            }
        }
    }
}
