using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Copies;
using AuroraRestore.Migrations;
using Xunit;

namespace AuroraRestore.Tests.Copies
{
    public sealed class StateAnonymizerTests
    {
        private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        private static AttributeValue S(string s) => new AttributeValue { S = s };

        private static Dictionary<string, AttributeValue> StateItem() => new Dictionary<string, AttributeValue>
        {
            ["operation_id"] = S("op-0123456789ab"),
            ["format_version"] = new AttributeValue { N = "3" },
            ["status"] = S("completed"),
            ["requested_by"] = S("arn:aws:iam::123456789012:user/alice"),
            ["state"] = new AttributeValue
            {
                M = new Dictionary<string, AttributeValue>
                {
                    ["step"] = S("verify-restore"),
                    ["source_cluster_id"] = S("prod-db"),
                    ["target_cluster_id"] = S("prod-restored"),
                    ["cluster_endpoint"] = S("prod-restored.cluster-abc.us-east-1.rds.amazonaws.com"),
                    ["snapshot_name"] = S("rds:prod-db-2026-01-01"),
                    ["db_users"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["application_user"] = S("app_owner"), ["created"] = new AttributeValue { BOOL = true } } },
                },
            },
        };

        [Fact]
        public void Identifying_values_are_replaced_and_everything_else_is_kept()
        {
            using var anonymizer = new StateAnonymizer(Key);
            var original = StateItem();
            var copy = anonymizer.Anonymize(original);

            Assert.Equal("op-0123456789ab", copy["operation_id"].S);
            Assert.Equal("3", copy["format_version"].N);
            Assert.Equal(3, FormatMarker.Detect(copy));
            Assert.Equal("completed", copy["status"].S);
            Assert.Equal("verify-restore", copy["state"].M["step"].S);
            Assert.True(copy["state"].M["db_users"].M["created"].BOOL);
            Assert.Matches("^anon-cluster-[0-9a-f]{12}$", copy["state"].M["source_cluster_id"].S);
            Assert.Matches("^anon-user-[0-9a-f]{12}$", copy["requested_by"].S);
            Assert.Matches("^anon-user-[0-9a-f]{12}$", copy["state"].M["db_users"].M["application_user"].S);
            Assert.EndsWith(".cluster-anonymized.invalid", copy["state"].M["cluster_endpoint"].S);
            Assert.StartsWith("anon-snapshot-", copy["state"].M["snapshot_name"].S);
            var text = string.Join(" ", Flatten(copy));
            foreach (var secret in new[] { "prod-db", "prod-restored", "alice", "app_owner", "cluster-abc" })
            {
                Assert.DoesNotContain(secret, text);
            }

            Assert.Equal("prod-db", original["state"].M["source_cluster_id"].S);
        }

        [Fact]
        public void Pseudonyms_are_stable_within_a_copy_and_differ_between_copies()
        {
            using var one = new StateAnonymizer(Key);
            using var again = new StateAnonymizer(Key);
            using var other = new StateAnonymizer();
            Assert.Equal(one.Pseudonym("cluster", "prod-db"), again.Pseudonym("cluster", "prod-db"));
            Assert.NotEqual(one.Pseudonym("cluster", "prod-db"), one.Pseudonym("cluster", "prod-restored"));
            Assert.NotEqual(one.Pseudonym("cluster", "prod-db"), other.Pseudonym("cluster", "prod-db"));
            Assert.NotEqual(one.Pseudonym("cluster", "x"), one.Pseudonym("user", "x").Replace("user", "cluster"));
        }

        [Fact]
        public void An_audit_actor_is_replaced_only_when_it_names_a_person()
        {
            using var anonymizer = new StateAnonymizer(Key);
            Assert.Equal("module", anonymizer.Anonymize(new Dictionary<string, AttributeValue> { ["actor"] = S("module") })["actor"].S);
            Assert.Equal("aurora-restore-copy-snapshot", anonymizer.Anonymize(new Dictionary<string, AttributeValue> { ["actor"] = S("aurora-restore-copy-snapshot") })["actor"].S);
            Assert.StartsWith("anon-user-", anonymizer.Anonymize(new Dictionary<string, AttributeValue> { ["actor"] = S("arn:aws:iam::1:user/bob") })["actor"].S);
        }

        private static IEnumerable<string> Flatten(Dictionary<string, AttributeValue> item)
            => item.Values.SelectMany(v => v.M != null ? Flatten(v.M) : v.S != null ? new[] { v.S } : new string[0]);
    }
}
