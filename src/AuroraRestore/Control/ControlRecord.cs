using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Control
{
    /// <summary>
    /// One record of the control table: a partition (<see cref="Pk"/>, e.g. "checkpoint#…", "lock#…"), a sort key
    /// within it and free attributes. <see cref="Revision"/> counts the writes to the record, so a writer can
    /// replace a record only if nobody else wrote it since it was read (optimistic concurrency).
    /// </summary>
    public sealed class ControlRecord
    {
        public const string PartitionKeyName = "pk";
        public const string SortKeyName = "sk";
        public const string RevisionName = "revision";

        /// <summary>
        /// A random token per conditional write, stored with the record: when a retried write's condition fails, the
        /// token tells whether the record is the writer's own earlier attempt (applied, its answer lost) or another's.
        /// </summary>
        public const string WriteTokenName = "write_token";

        public ControlRecord(string pk, string sk, IDictionary<string, AttributeValue>? attributes = null, long revision = 0)
        {
            if (string.IsNullOrEmpty(pk))
            {
                throw new ArgumentException("A control record needs a partition key.", nameof(pk));
            }

            if (string.IsNullOrEmpty(sk))
            {
                throw new ArgumentException("A control record needs a sort key.", nameof(sk));
            }

            Pk = pk;
            Sk = sk;
            Revision = revision;
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            if (attributes != null)
            {
                foreach (var attribute in attributes)
                {
                    if (IsReserved(attribute.Key))
                    {
                        throw new ArgumentException($"'{attribute.Key}' is reserved by the control table.", nameof(attributes));
                    }

                    Attributes[attribute.Key] = attribute.Value;
                }
            }
        }

        public string Pk { get; }

        public string Sk { get; }

        /// <summary>0 for a record never stored; then 1, 2, … one per write.</summary>
        public long Revision { get; }

        /// <summary>Everything but pk, sk and revision.</summary>
        public Dictionary<string, AttributeValue> Attributes { get; }

        public string? GetString(string name) => Attributes.TryGetValue(name, out var value) ? value.S : null;

        public long? GetNumber(string name)
            => Attributes.TryGetValue(name, out var value) && value.N != null && long.TryParse(value.N, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : null;

        public static bool IsReserved(string attribute) => attribute == PartitionKeyName || attribute == SortKeyName || attribute == RevisionName || attribute == WriteTokenName;

        public override string ToString() => $"{Pk}/{Sk}@{Revision}";
    }
}
