using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Verification;
using Xunit;

namespace AuroraRestore.Tests.Verification
{
    public sealed class ItemFormatSampleTests
    {
        private static Dictionary<string, AttributeValue> Item(string? format)
        {
            var item = new Dictionary<string, AttributeValue> { ["operation_id"] = new AttributeValue { S = "op-1" } };
            if (format != null)
            {
                item["format_version"] = new AttributeValue { N = format };
            }

            return item;
        }

        [Fact]
        public void Items_all_in_the_expected_format_are_fine()
        {
            Assert.Empty(ItemFormatSample.Problems("T", new[] { Item("2"), Item("2.0") }, 2, "2.0.0"));
            Assert.Empty(ItemFormatSample.Problems("T", new[] { Item(null) }, 1, "1.0.0"));
            Assert.Empty(ItemFormatSample.Problems("T", new Dictionary<string, AttributeValue>[0], 3, "3.0.0"));
        }

        [Fact]
        public void Older_items_are_a_pending_migration_counted_per_format()
        {
            var problems = ItemFormatSample.Problems("AuroraRestoreState", new[] { Item(null), Item("2"), Item("2"), Item("3") }, 3, "3.0.0");
            var problem = Assert.Single(problems);
            Assert.Equal("AuroraRestoreState: migration pending: 1 in format 1, 2 in format 2 of 4 sampled items, 3.0.0 writes format 3", problem);
        }

        [Fact]
        public void Newer_items_are_a_pending_down_migration()
        {
            var problem = Assert.Single(ItemFormatSample.Problems("T", new[] { Item("3"), Item("1") }, 1, "1.0.0"));
            Assert.Contains("1 in format 3 of 2 sampled items are newer than format 1", problem);
            Assert.Contains("down-migration", problem);
        }

        [Fact]
        public void An_unreadable_marker_is_reported()
        {
            var item = Item(null);
            item["format_version"] = new AttributeValue { S = "two" };
            var problem = Assert.Single(ItemFormatSample.Problems("T", new[] { item, Item("2") }, 2, "2.0.0"));
            Assert.Contains("1 of 2 sampled items have an unreadable format marker", problem);
        }
    }
}
