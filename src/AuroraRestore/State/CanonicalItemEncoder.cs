using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>
    /// One byte sequence per DynamoDB item, the same for equal items whatever order their attributes, map entries or
    /// set members come in: every value is written as a type tag and a length-prefixed payload, map keys in UTF-8 byte
    /// order (code point order, as Python and DynamoDB sort them), set members sorted by their own encoding, numbers
    /// in <see cref="DynamoNumber"/>'s canonical form. List order is kept: it is part of the value.
    /// This is what <see cref="TableChecksum"/> hashes and what the migrations compare items by.
    /// </summary>
    public static class CanonicalItemEncoder
    {
        private const byte TagS = (byte)'S';
        private const byte TagN = (byte)'N';
        private const byte TagB = (byte)'B';
        private const byte TagSS = (byte)'s';
        private const byte TagNS = (byte)'n';
        private const byte TagBS = (byte)'b';
        private const byte TagM = (byte)'M';
        private const byte TagL = (byte)'L';
        private const byte TagNull = (byte)'0';
        private const byte TagBool = (byte)'?';
        private const byte TagItem = (byte)'I';

        /// <summary>The canonical bytes of a whole item (a map of attributes).</summary>
        public static byte[] Encode(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            WriteItem(buffer, item);
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>The canonical bytes of one value.</summary>
        public static byte[] Encode(AttributeValue value)
        {
            var buffer = new ArrayBufferWriter<byte>(64);
            WriteValue(buffer, value);
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Appends the canonical bytes of an item to <paramref name="buffer"/>.</summary>
        public static void WriteItem(IBufferWriter<byte> buffer, IReadOnlyDictionary<string, AttributeValue> item)
        {
            WriteByte(buffer, TagItem);
            WriteEntries(buffer, item);
        }

        /// <summary>True when both values are the same DynamoDB value (numbers compared as numbers, sets as sets).</summary>
        public static bool AreEqual(AttributeValue? a, AttributeValue? b)
        {
            if (a == null || b == null)
            {
                return a == null && b == null;
            }

            return Encode(a).AsSpan().SequenceEqual(Encode(b));
        }

        /// <summary>True when both items hold the same attributes with the same values.</summary>
        public static bool AreEqual(IReadOnlyDictionary<string, AttributeValue> a, IReadOnlyDictionary<string, AttributeValue> b)
            => a.Count == b.Count && Encode(a).AsSpan().SequenceEqual(Encode(b));

        private static void WriteEntries(IBufferWriter<byte> buffer, IReadOnlyDictionary<string, AttributeValue> entries)
        {
            // Keys sorted in code point order (what UTF-8 byte order gives) without encoding them first.
            var count = entries.Count;
            var keys = ArrayPool<string>.Shared.Rent(Math.Max(1, count));
            try
            {
                var i = 0;
                foreach (var key in entries.Keys)
                {
                    keys[i++] = key;
                }

                Array.Sort(keys, 0, count, CodePointComparer.Instance);
                WriteLength(buffer, count);
                for (i = 0; i < count; i++)
                {
                    WriteString(buffer, keys[i]);
                    WriteValue(buffer, entries[keys[i]]);
                }
            }
            finally
            {
                Array.Clear(keys, 0, count);
                ArrayPool<string>.Shared.Return(keys);
            }
        }

        private static void WriteValue(IBufferWriter<byte> buffer, AttributeValue value)
        {
            if (value.S != null)
            {
                WriteByte(buffer, TagS);
                WriteString(buffer, value.S);
            }
            else if (value.N != null)
            {
                WriteByte(buffer, TagN);
                WriteBytes(buffer, Encoding.ASCII.GetBytes(CanonicalNumber(value.N)));
            }
            else if (value.B != null)
            {
                WriteByte(buffer, TagB);
                WriteBytes(buffer, BytesOf(value.B));
            }
            else if (value.SS != null)
            {
                WriteSet(buffer, TagSS, value.SS, s => Encoding.UTF8.GetBytes(s));
            }
            else if (value.NS != null)
            {
                WriteSet(buffer, TagNS, value.NS, n => Encoding.ASCII.GetBytes(CanonicalNumber(n)));
            }
            else if (value.BS != null)
            {
                WriteSet(buffer, TagBS, value.BS, BytesOf);
            }
            else if (value.M != null)
            {
                WriteByte(buffer, TagM);
                WriteEntries(buffer, value.M);
            }
            else if (value.L != null)
            {
                WriteByte(buffer, TagL);
                WriteLength(buffer, value.L.Count);
                foreach (var element in value.L)
                {
                    WriteValue(buffer, element);
                }
            }
            else if (value.NULL == true)
            {
                WriteByte(buffer, TagNull);
            }
            else if (value.BOOL.HasValue)
            {
                WriteByte(buffer, TagBool);
                WriteByte(buffer, value.BOOL.Value ? (byte)1 : (byte)0);
            }
            else
            {
                throw new ArgumentException("An AttributeValue with no value set cannot be encoded.", nameof(value));
            }
        }

        private static void WriteSet<T>(IBufferWriter<byte> buffer, byte tag, List<T> members, Func<T, byte[]> encode)
        {
            var encoded = new List<byte[]>(members.Count);
            foreach (var member in members)
            {
                encoded.Add(encode(member));
            }

            encoded.Sort((x, y) => x.AsSpan().SequenceCompareTo(y));
            WriteByte(buffer, tag);
            WriteLength(buffer, encoded.Count);
            foreach (var member in encoded)
            {
                WriteBytes(buffer, member);
            }
        }

        private static string CanonicalNumber(string text)
            => DynamoNumber.TryCanonical(text, out var canonical) ? canonical : throw new ArgumentException($"'{text}' is not a DynamoDB number.");

        private static byte[] BytesOf(MemoryStream stream) => stream.ToArray();

        private static void WriteByte(IBufferWriter<byte> buffer, byte value)
        {
            var span = buffer.GetSpan(1);
            span[0] = value;
            buffer.Advance(1);
        }

        private static void WriteLength(IBufferWriter<byte> buffer, int length)
        {
            var span = buffer.GetSpan(4);
            BinaryPrimitives.WriteInt32BigEndian(span, length);
            buffer.Advance(4);
        }

        private static void WriteBytes(IBufferWriter<byte> buffer, byte[] bytes)
        {
            WriteLength(buffer, bytes.Length);
            buffer.Write(bytes);
        }

        /// <summary>A length-prefixed UTF-8 string, encoded straight into the buffer.</summary>
        private static void WriteString(IBufferWriter<byte> buffer, string text)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            WriteLength(buffer, length);
            if (length > 0)
            {
                var span = buffer.GetSpan(length);
                Encoding.UTF8.GetBytes(text, span);
                buffer.Advance(length);
            }
        }

        /// <summary>
        /// Orders strings by Unicode code point, the order of their UTF-8 bytes, without encoding them: UTF-16 code
        /// units compare the same way except that surrogates (U+D800–DFFF, which encode code points above U+FFFF) must
        /// sort after U+E000–FFFF.
        /// </summary>
        private sealed class CodePointComparer : IComparer<string>
        {
            public static readonly CodePointComparer Instance = new CodePointComparer();

            public int Compare(string? x, string? y)
            {
                if (ReferenceEquals(x, y))
                {
                    return 0;
                }

                if (x == null || y == null)
                {
                    return x == null ? -1 : 1;
                }

                var length = Math.Min(x.Length, y.Length);
                for (var i = 0; i < length; i++)
                {
                    var a = x[i];
                    var b = y[i];
                    if (a != b)
                    {
                        return Fix(a) - Fix(b);
                    }
                }

                return x.Length - y.Length;
            }

            private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
        }
    }
}
