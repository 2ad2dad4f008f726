using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.State;
using Xunit.Sdk;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>Item equality with a readable failure: the attributes that differ, and the case's seed.</summary>
    public static class ItemAssert
    {
        public static void Equal(IReadOnlyDictionary<string, AttributeValue> expected, IReadOnlyDictionary<string, AttributeValue> actual, string context)
        {
            if (CanonicalItemEncoder.AreEqual(expected, actual))
            {
                return;
            }

            var differing = expected.Keys.Union(actual.Keys)
                .Where(k => !expected.TryGetValue(k, out var e) || !actual.TryGetValue(k, out var a) || !CanonicalItemEncoder.AreEqual(e, a))
                .OrderBy(k => k);
            throw new XunitException($"{context}: items differ on {string.Join(", ", differing)}");
        }

        public static Dictionary<string, AttributeValue> Snapshot(IReadOnlyDictionary<string, AttributeValue> item)
            => item.ToDictionary(e => e.Key, e => e.Value);
    }
}
