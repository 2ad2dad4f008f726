using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Copies
{
    /// <summary>
    /// Replaces the identifying values of state and audit items with stable pseudonyms: cluster identifiers, snapshot
    /// names and ARNs, endpoints, requested_by, actors and database user names, wherever they appear (top level, the
    /// state map, details, step history). A pseudonym is an HMAC-SHA256 of the value under a key made for one copy and
    /// never stored, so equal values stay equal (an operation's cluster still matches its audit events) but cannot be
    /// traced back. Operation ids, timestamps, statuses and format markers are kept, so items stay valid in their format.
    /// </summary>
    public sealed class StateAnonymizer : IDisposable
    {
        private static readonly HashSet<string> ClusterKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "source_cluster_id", "target_cluster_id", "cluster_identifier", "source_cluster_identifier", "target_cluster_identifier", "db_cluster_identifier",
        };

        private static readonly HashSet<string> SnapshotKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "snapshot_name", "target_snapshot_name", "snapshot_identifier", "snapshot_arn", "final_snapshot_name",
        };

        private static readonly HashSet<string> EndpointKeys = new HashSet<string>(StringComparer.Ordinal) { "cluster_endpoint", "endpoint", "reader_endpoint" };

        private static readonly HashSet<string> UserKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "requested_by", "application_user", "connected_as", "user", "username", "user_name", "master_username",
        };

        private readonly HMACSHA256 hmac;

        /// <param name="key">The secret of this copy; null makes a random one (the normal case: nobody keeps it).</param>
        public StateAnonymizer(byte[]? key = null)
        {
            hmac = new HMACSHA256(key ?? RandomNumberGenerator.GetBytes(32));
        }

        /// <summary>A copy of the item with identifying values replaced; the input is not changed.</summary>
        public Dictionary<string, AttributeValue> Anonymize(IReadOnlyDictionary<string, AttributeValue> item)
            => item.ToDictionary(p => p.Key, p => Value(p.Key, p.Value, topLevel: true), StringComparer.Ordinal);

        /// <summary>The pseudonym of one value of a kind (cluster, snapshot, endpoint, user).</summary>
        public string Pseudonym(string kind, string value)
        {
            var digest = hmac.ComputeHash(Encoding.UTF8.GetBytes(kind + "\n" + value));
            var hex = Convert.ToHexString(digest, 0, 6).ToLowerInvariant();
            return kind switch
            {
                "cluster" => "anon-cluster-" + hex,
                "snapshot" => "anon-snapshot-" + hex,
                "endpoint" => $"anon-{hex}.cluster-anonymized.invalid",
                _ => "anon-user-" + hex,
            };
        }

        public void Dispose() => hmac.Dispose();

        private AttributeValue Value(string key, AttributeValue value, bool topLevel = false)
        {
            if (value.S != null)
            {
                var kind = KindOf(key, value.S, topLevel);
                return kind == null ? value : new AttributeValue { S = Pseudonym(kind, value.S) };
            }

            if (value.M != null)
            {
                return new AttributeValue { M = value.M.ToDictionary(p => p.Key, p => Value(p.Key, p.Value), StringComparer.Ordinal) };
            }

            if (value.L != null && value.L.Count > 0)
            {
                // List members carry their list's meaning (e.g. a list of cluster ids).
                return new AttributeValue { L = value.L.Select(v => Value(key, v)).ToList() };
            }

            return value;
        }

        private static string? KindOf(string key, string value, bool topLevel)
        {
            if (value.Length == 0)
            {
                return null;
            }

            if (ClusterKeys.Contains(key))
            {
                return "cluster";
            }

            if (SnapshotKeys.Contains(key))
            {
                return "snapshot";
            }

            if (EndpointKeys.Contains(key))
            {
                return "endpoint";
            }

            if (UserKeys.Contains(key))
            {
                return value == "unknown" ? null : "user";
            }

            // Audit actor: a function name or "module" says nothing about a person; a caller's ARN does.
            if (key == "actor" && topLevel)
            {
                return value == "module" || value == "unknown" || value.StartsWith("aurora-restore", StringComparison.Ordinal) ? null : "user";
            }

            return null;
        }
    }
}
