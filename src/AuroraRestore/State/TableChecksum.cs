using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;

namespace AuroraRestore.State
{
    /// <summary>
    /// The shared, order-independent checksum of a set of DynamoDB items: SHA-256 of each item's canonical bytes
    /// (<see cref="CanonicalItemEncoder"/>), summed modulo 2^256, plus the item count. Addition makes it independent of
    /// scan order and segmenting (partial checksums of segments simply add up), and unlike XOR two identical items do
    /// not cancel out. Streaming: it holds 40 bytes whatever the table size. Thread-safe.
    /// Migrations, backups and upgrades all call this one routine, so "checksum equal" means the same thing everywhere.
    /// </summary>
    public sealed class TableChecksum : IEquatable<TableChecksum>
    {
        private readonly object gate = new object();
        private readonly ulong[] sum = new ulong[4]; // little-endian limbs of a 256-bit number
        private long count;

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? scratch;

        public long ItemCount
        {
            get
            {
                lock (gate)
                {
                    return count;
                }
            }
        }

        /// <summary>The 256-bit sum as 64 lower-case hex digits.</summary>
        public string Digest
        {
            get
            {
                lock (gate)
                {
                    return string.Create(64, sum, static (span, limbs) =>
                    {
                        for (var limb = 3; limb >= 0; limb--)
                        {
                            limbs[limb].TryFormat(span.Slice((3 - limb) * 16, 16), out _, "x16", CultureInfo.InvariantCulture);
                        }
                    });
                }
            }
        }

        /// <summary>The checksum of an in-memory set of items.</summary>
        public static TableChecksum Of(IEnumerable<IReadOnlyDictionary<string, AttributeValue>> items)
        {
            var checksum = new TableChecksum();
            foreach (var item in items)
            {
                checksum.Add(item);
            }

            return checksum;
        }

        /// <summary>The checksum of an in-memory set of items.</summary>
        public static TableChecksum Of(IEnumerable<Dictionary<string, AttributeValue>> items)
        {
            var checksum = new TableChecksum();
            foreach (var item in items)
            {
                checksum.Add(item);
            }

            return checksum;
        }

        /// <summary>
        /// The checksum of a whole table, read by a consistent, parallel segmented scan (one page per segment in memory
        /// at a time). Use <paramref name="totalSegments"/> 1 on servers where a segmented scan is slower (moto).
        /// </summary>
        public static async Task<TableChecksum> OfTableAsync(IAmazonDynamoDB dynamoDb, string tableName, int totalSegments, IOperationLog log, CancellationToken cancellationToken)
        {
            if (totalSegments < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(totalSegments));
            }

            var checksum = new TableChecksum();
            var segments = new Task[totalSegments];
            for (var segment = 0; segment < totalSegments; segment++)
            {
                var current = segment;
                segments[segment] = Task.Run(
                    async () =>
                    {
                        Dictionary<string, AttributeValue>? startKey = null;
                        do
                        {
                            var request = new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = startKey };
                            if (totalSegments > 1)
                            {
                                request.Segment = current;
                                request.TotalSegments = totalSegments;
                            }

                            log.Verbose($"DynamoDB Scan {tableName} segment {current} of {totalSegments} (checksum)");
                            var page = await dynamoDb.ScanAsync(request, cancellationToken).ConfigureAwait(false);
                            foreach (var item in page.Items ?? new List<Dictionary<string, AttributeValue>>())
                            {
                                checksum.Add(item);
                            }

                            startKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
                        }
                        while (startKey != null);
                    },
                    cancellationToken);
            }

            await Task.WhenAll(segments).ConfigureAwait(false);
            return checksum;
        }

        /// <summary>SHA-256 of one item's canonical bytes.</summary>
        public static byte[] HashItem(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var buffer = scratch ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            CanonicalItemEncoder.WriteItem(buffer, item);
            return SHA256.HashData(buffer.WrittenSpan);
        }

        public void Add(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var buffer = scratch ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            CanonicalItemEncoder.WriteItem(buffer, item);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.WrittenSpan, hash);
            AddHash(hash);
        }

        /// <summary>Adds another checksum (a segment's) to this one.</summary>
        public void Add(TableChecksum other)
        {
            ulong[] otherSum;
            long otherCount;
            lock (other.gate)
            {
                otherSum = (ulong[])other.sum.Clone();
                otherCount = other.count;
            }

            lock (gate)
            {
                AddLimbs(otherSum);
                count += otherCount;
            }
        }

        public bool Equals(TableChecksum? other) => other != null && ItemCount == other.ItemCount && Digest == other.Digest;

        public override bool Equals(object? obj) => Equals(obj as TableChecksum);

        public override int GetHashCode() => HashCode.Combine(ItemCount, Digest);

        /// <summary>"&lt;count&gt;:&lt;digest&gt;", the form results and journals print.</summary>
        public override string ToString() => ItemCount.ToString(CultureInfo.InvariantCulture) + ":" + Digest;

        private void AddHash(ReadOnlySpan<byte> hash)
        {
            // The hash as a big-endian 256-bit number, split into little-endian limbs.
            Span<ulong> limbs = stackalloc ulong[4];
            for (var limb = 0; limb < 4; limb++)
            {
                limbs[limb] = BinaryPrimitives.ReadUInt64BigEndian(hash.Slice((3 - limb) * 8, 8));
            }

            lock (gate)
            {
                AddLimbs(limbs);
                count++;
            }
        }

        private void AddLimbs(ReadOnlySpan<ulong> limbs)
        {
            ulong carry = 0;
            for (var limb = 0; limb < 4; limb++)
            {
                var partial = sum[limb] + limbs[limb];
                var carryOut = partial < sum[limb] ? 1UL : 0UL;
                var total = partial + carry;
                carryOut += total < partial ? 1UL : 0UL;
                sum[limb] = total;
                carry = carryOut;
            }
        }
    }
}
