using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Migrations;
using Xunit;

namespace AuroraRestore.Tests.Migrations
{
    public sealed class ItemMigrationTests
    {
        private static ItemMigration Migration(string from, string to, MigrationTable table = MigrationTable.State, bool guardEveryWrite = false)
            => new ItemMigration(MigrationCatalog.Default.PathBetween(from, to), table, guardEveryWrite);

        [Fact]
        public void An_item_already_in_the_target_format_is_skipped()
        {
            var v2 = new ItemGenerator(3).StateV2();
            Assert.Equal(TransformOutcomeKind.Unchanged, Migration("1.0.0", "2.0.0").Transform(v2).Kind);
            Assert.Equal(TransformOutcomeKind.Unchanged, Migration("3.0.0", "2.0.0").Transform(v2).Kind);
        }

        [Fact]
        public void A_multi_hop_migration_finishes_items_left_half_way()
        {
            var v2 = new ItemGenerator(4).StateV2();
            var outcome = Migration("1.0.0", "3.0.0").Transform(v2);
            Assert.Equal(TransformOutcomeKind.Changed, outcome.Kind);
            Assert.Equal(3, FormatMarker.Detect(outcome.Item!));
        }

        [Theory]
        [InlineData("S", "2")]
        [InlineData("N", "7")]
        [InlineData("N", "2.5")]
        public void An_item_of_a_format_the_edge_does_not_expect_fails_and_is_not_written(string type, string marker)
        {
            var item = new ItemGenerator(5).StateV1();
            item["format_version"] = type == "S" ? new AttributeValue { S = marker } : new AttributeValue { N = marker };
            var outcome = Migration("1.0.0", "2.0.0").Transform(item);
            Assert.Equal(TransformOutcomeKind.Failed, outcome.Kind);
            Assert.Equal("UnexpectedItemFormat", outcome.ErrorId);
            Assert.Null(outcome.Item);
        }

        [Fact]
        public void A_v3_item_fails_a_1_to_2_migration()
        {
            var outcome = Migration("1.0.0", "2.0.0").Transform(new ItemGenerator(6).StateV3());
            Assert.Equal("UnexpectedItemFormat", outcome.ErrorId);
        }

        [Fact]
        public void A_v1_item_carrying_a_v2_attribute_fails_rather_than_being_overwritten()
        {
            var item = new ItemGenerator(7).StateV1();
            item["created_at"] = new AttributeValue { S = "2020-01-01T00:00:00.000Z" };
            var outcome = Migration("1.0.0", "2.0.0").Transform(item);
            Assert.Equal("UnexpectedItemFormat", outcome.ErrorId);
            Assert.Contains("created_at", outcome.Message);
        }

        [Fact]
        public void A_malformed_reserved_attribute_fails_with_its_own_id()
        {
            var item = new ItemGenerator(8).StateV1();
            item["_ar_down"] = new AttributeValue { S = "not a map" };
            Assert.Equal("InvalidReservedAttribute", Migration("1.0.0", "2.0.0").Transform(item).ErrorId);
        }

        [Fact]
        public void Completed_operations_and_audit_events_are_settled_others_are_guarded()
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["operation_id"] = new AttributeValue { S = "op-1" },
                ["status"] = new AttributeValue { S = "in_progress" },
                ["completed"] = new AttributeValue { BOOL = false },
                ["timestamp"] = new AttributeValue { S = "2026-11-25T16:27:59.123Z" },
            };
            var guarded = Migration("1.0.0", "2.0.0").Transform(item).Guard!;
            Assert.False(guarded.Settled);
            Assert.Equal("2026-11-25T16:27:59.123Z", guarded.Expected["timestamp"]!.S);
            Assert.Null(guarded.Expected["format_version"]);

            item["completed"] = new AttributeValue { BOOL = true };
            Assert.True(Migration("1.0.0", "2.0.0").Transform(item).Guard!.Settled);
            Assert.False(Migration("1.0.0", "2.0.0", guardEveryWrite: true).Transform(item).Guard!.Settled);
            Assert.True(Migration("1.0.0", "2.0.0", MigrationTable.Audit).Transform(new ItemGenerator(9).AuditV1()).Guard!.Settled);
        }

        [Fact]
        public void Every_generated_item_goes_to_3_and_back_to_1_unchanged_through_the_composed_paths()
        {
            var generator = new ItemGenerator(11);
            var up = Migration("1.0.0", "3.0.0");
            var down = Migration("3.0.0", "1.0.0");
            for (var i = 0; i < 300; i++)
            {
                var v1 = i % 2 == 0 ? generator.StateV1() : new StateV1ToV2Edge().Down(new StateV2ToV3Edge().Down(generator.StateV3()));
                var v3 = up.Transform(v1);
                Assert.Equal(TransformOutcomeKind.Changed, v3.Kind);
                Assert.Equal(TransformOutcomeKind.Unchanged, up.Transform(v3.Item!).Kind);
                var back = down.Transform(v3.Item!);
                ItemAssert.Equal(v1, back.Item!, $"case {i}");
            }
        }
    }
}
