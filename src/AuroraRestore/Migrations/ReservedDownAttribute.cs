using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.State;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// The reserved attribute <c>_ar_down</c> (M) that makes down transforms lossless.
    /// <para>
    /// It holds one layer per format an item was taken down from (key "2" for 2→1, "3" for 3→2), so that a 3→2→1 item
    /// keeps both. A layer is <c>{ "basis": B, "attrs": M }</c>: "attrs" maps every attribute on which the newer item
    /// differs from what the up transform derives from the older item to <c>{ "v": newer value }</c> (or <c>{}</c>
    /// when the newer item had no such attribute); "basis" is a hash of the older item as the down transform wrote it.
    /// </para>
    /// <para>
    /// Taking the item up again derives the newer item and, if the older item is still exactly as written (same basis),
    /// puts every kept value back: up(down(x)) = x. If the older pipeline changed the item since, its facts win: only
    /// the values the older format could never change (the edge's kept facts, such as created_at) come back, and the
    /// rest stays as derived from the current item, so a stale copy never overrides a newer update.
    /// </para>
    /// </summary>
    public static class ReservedDownAttribute
    {
        public const string AttributeName = "_ar_down";
        private const string BasisField = "basis";
        private const string AttributesField = "attrs";
        private const string ValueField = "v";

        /// <summary>Splits an item into its attributes without <c>_ar_down</c> and the layers of <c>_ar_down</c>.</summary>
        /// <exception cref="ItemFormatException">InvalidReservedAttribute: not what a down transform writes.</exception>
        public static (IReadOnlyDictionary<string, AttributeValue> Core, Dictionary<string, AttributeValue> Layers) Split(IReadOnlyDictionary<string, AttributeValue> item)
        {
            var layers = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            if (!item.TryGetValue(AttributeName, out var reserved))
            {
                return (item, layers); // most items: nothing to split, no copy
            }

            var core = AttributeValues.Copy(item);
            core.Remove(AttributeName);
            if (reserved.M == null)
            {
                throw Invalid($"{AttributeName} is {AttributeValues.TypeOf(reserved)}, not M");
            }

            foreach (var layer in reserved.M)
            {
                if (!int.TryParse(layer.Key, out _) || layer.Value.M == null
                    || !layer.Value.M.TryGetValue(BasisField, out var basis) || basis.B == null
                    || !layer.Value.M.TryGetValue(AttributesField, out var attributes) || attributes.M == null
                    || layer.Value.M.Count != 2)
                {
                    throw Invalid($"{AttributeName}.{layer.Key} is not a layer {{ basis: B, attrs: M }} keyed by a format number");
                }

                foreach (var entry in attributes.M)
                {
                    if (entry.Value.M == null || entry.Value.M.Count > 1 || (entry.Value.M.Count == 1 && !entry.Value.M.ContainsKey(ValueField)))
                    {
                        throw Invalid($"{AttributeName}.{layer.Key} entry '{entry.Key}' is not {{ v: value }} or {{}}");
                    }
                }

                layers[layer.Key] = layer.Value;
            }

            return (core, layers);
        }

        /// <summary>
        /// The layer that turns <paramref name="derived"/> (the up transform of <paramref name="older"/>) back into
        /// <paramref name="newer"/>, or null when they are equal.
        /// </summary>
        public static AttributeValue? Layer(IReadOnlyDictionary<string, AttributeValue> newer, IReadOnlyDictionary<string, AttributeValue> older, IReadOnlyDictionary<string, AttributeValue> derived)
        {
            var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var entry in newer)
            {
                derived.TryGetValue(entry.Key, out var derivedValue);
                if (!CanonicalItemEncoder.AreEqual(entry.Value, derivedValue))
                {
                    attributes[entry.Key] = AttributeValues.Map(new Dictionary<string, AttributeValue>(1) { [ValueField] = entry.Value });
                }
            }

            foreach (var entry in derived)
            {
                if (!newer.ContainsKey(entry.Key))
                {
                    attributes[entry.Key] = AttributeValues.Map(new Dictionary<string, AttributeValue>());
                }
            }

            if (attributes.Count == 0)
            {
                return null;
            }

            return AttributeValues.Map(new Dictionary<string, AttributeValue>(2)
            {
                [BasisField] = new AttributeValue { B = new MemoryStream(Basis(older)) },
                [AttributesField] = AttributeValues.Map(attributes),
            });
        }

        /// <summary>
        /// Puts a layer's kept values back into <paramref name="derived"/>, the up transform of <paramref name="older"/>:
        /// all of them while the older item is unchanged, only <paramref name="keptFacts"/> once it has changed.
        /// </summary>
        public static void Apply(Dictionary<string, AttributeValue> derived, IReadOnlyDictionary<string, AttributeValue> older, AttributeValue layer, IReadOnlyCollection<string> keptFacts)
        {
            var unchanged = layer.M[BasisField].B.ToArray().AsSpan().SequenceEqual(Basis(older));
            foreach (var entry in layer.M[AttributesField].M)
            {
                if (!unchanged && !Contains(keptFacts, entry.Key))
                {
                    continue; // the older pipeline updated the item since the down migration: the derivation is current
                }

                if (entry.Value.M.TryGetValue(ValueField, out var value))
                {
                    derived[entry.Key] = value;
                }
                else
                {
                    derived.Remove(entry.Key);
                }
            }
        }

        /// <summary>Writes the layers back into an item (or leaves the attribute out when none remain).</summary>
        public static void Store(Dictionary<string, AttributeValue> item, Dictionary<string, AttributeValue> layers)
        {
            if (layers.Count > 0)
            {
                item[AttributeName] = AttributeValues.Map(layers);
            }
            else
            {
                item.Remove(AttributeName);
            }
        }

        /// <summary>16 bytes of SHA-256 over the older item's canonical form: enough to notice any change.</summary>
        private static byte[] Basis(IReadOnlyDictionary<string, AttributeValue> older)
            => SHA256.HashData(CanonicalItemEncoder.Encode(older)).AsSpan(0, 16).ToArray();

        private static bool Contains(IReadOnlyCollection<string> names, string name)
        {
            foreach (var candidate in names)
            {
                if (candidate == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static ItemFormatException Invalid(string what)
            => new ItemFormatException(MigrationErrorIds.InvalidReservedAttribute, $"The reserved attribute is not readable: {what}.");
    }
}
