using System.Collections.Generic;
using System.IO;
using System.Linq;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.State;
using AuroraRestore.Tests.Migrations;
using Xunit;

namespace AuroraRestore.Tests.State
{
    public sealed class TableChecksumTests
    {
        [Fact]
        public void The_checksum_does_not_depend_on_item_or_attribute_order()
        {
            var generator = new ItemGenerator(1);
            var items = Enumerable.Range(0, 200).Select(_ => generator.StateV3()).ToList();
            var reordered = items.AsEnumerable().Reverse()
                .Select(item => item.Reverse().ToDictionary(e => e.Key, e => e.Value))
                .ToList();
            Assert.Equal(TableChecksum.Of(items), TableChecksum.Of(reordered));
            Assert.Equal(200, TableChecksum.Of(items).ItemCount);
        }

        [Fact]
        public void Any_change_to_any_item_changes_the_checksum()
        {
            var generator = new ItemGenerator(2);
            var items = Enumerable.Range(0, 50).Select(_ => generator.StateV2()).ToList();
            var original = TableChecksum.Of(items);
            items[17]["retry_count"] = new AttributeValue { N = "999" };
            Assert.NotEqual(original, TableChecksum.Of(items));
        }

        [Fact]
        public void Segments_add_up_to_the_whole()
        {
            var generator = new ItemGenerator(3);
            var items = Enumerable.Range(0, 100).Select(_ => generator.AuditV2()).ToList();
            var first = TableChecksum.Of(items.Take(40));
            first.Add(TableChecksum.Of(items.Skip(40)));
            Assert.Equal(TableChecksum.Of(items), first);
        }

        [Fact]
        public void Two_identical_items_do_not_cancel_out()
        {
            var item = new ItemGenerator(4).StateV1();
            Assert.NotEqual(TableChecksum.Of(new List<Dictionary<string, AttributeValue>>()), TableChecksum.Of(new[] { item, item }));
            Assert.NotEqual(TableChecksum.Of(new[] { item }).Digest, TableChecksum.Of(new[] { item, item }).Digest);
        }

        [Fact]
        public void Values_are_typed_numbers_are_numbers_and_sets_are_sets()
        {
            static Dictionary<string, AttributeValue> One(AttributeValue value) => new Dictionary<string, AttributeValue> { ["a"] = value };
            static string Sum(AttributeValue value) => TableChecksum.Of(new[] { One(value) }).Digest;

            Assert.NotEqual(Sum(new AttributeValue { S = "1" }), Sum(new AttributeValue { N = "1" }));
            Assert.Equal(Sum(new AttributeValue { N = "1.50" }), Sum(new AttributeValue { N = "15E-1" }));
            Assert.Equal(Sum(new AttributeValue { N = "100" }), Sum(new AttributeValue { N = "1e2" }));
            Assert.NotEqual(Sum(new AttributeValue { N = "100" }), Sum(new AttributeValue { N = "10" }));
            Assert.Equal(Sum(new AttributeValue { N = "0" }), Sum(new AttributeValue { N = "-0.000" }));
            Assert.Equal(Sum(new AttributeValue { SS = new List<string> { "a", "b" } }), Sum(new AttributeValue { SS = new List<string> { "b", "a" } }));
            Assert.NotEqual(Sum(new AttributeValue { L = new List<AttributeValue> { new() { S = "a" }, new() { S = "b" } } }), Sum(new AttributeValue { L = new List<AttributeValue> { new() { S = "b" }, new() { S = "a" } } }));
            Assert.NotEqual(Sum(new AttributeValue { S = "ab" }), Sum(new AttributeValue { B = new MemoryStream(new byte[] { 97, 98 }) }));
            Assert.NotEqual(Sum(new AttributeValue { M = new Dictionary<string, AttributeValue>() }), Sum(new AttributeValue { L = new List<AttributeValue>() }));
            Assert.NotEqual(Sum(new AttributeValue { BOOL = true }), Sum(new AttributeValue { BOOL = false }));
        }

        [Theory]
        [InlineData("9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999E126")]
        [InlineData("1E-130", "1E-129")]
        [InlineData("-0.00120", "-12E-2")]
        [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678E38")]
        [InlineData("0.5", "5E0")]
        public void Numbers_are_canonical_beyond_decimal_precision(string text, string canonical)
        {
            Assert.Equal(canonical, DynamoNumber.Canonical(text));
        }

        [Theory]
        [InlineData("")]
        [InlineData("abc")]
        [InlineData("1e")]
        [InlineData("--1")]
        [InlineData("1.2.3")]
        public void Malformed_numbers_are_refused(string text)
        {
            Assert.False(DynamoNumber.TryCanonical(text, out _));
        }
    }
}
