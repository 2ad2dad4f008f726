using System;
using System.Collections.Generic;
using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// A pair of pure functions on one item between two adjacent formats of one table: <see cref="Up"/> and
    /// <see cref="Down"/>. A concrete edge only says how to derive the newer item from the older one
    /// (<see cref="Derive"/>) and how to reduce a newer item to the older format (<see cref="Reduce"/>); this class makes
    /// the pair lossless through <see cref="ReservedDownAttribute"/>, so down(up(x)) = x and up(down(y)) = y.
    /// Neither function changes its input; outputs may share unchanged attribute values with it.
    /// </summary>
    public abstract class ItemEdge
    {
        protected ItemEdge(int olderFormat, int newerFormat, IReadOnlyCollection<string> newerOnlyAttributes, IReadOnlyCollection<string> keptFacts)
        {
            OlderFormat = olderFormat;
            NewerFormat = newerFormat;
            NewerOnlyAttributes = newerOnlyAttributes;
            KeptFacts = keptFacts;
        }

        public int OlderFormat { get; }

        public int NewerFormat { get; }

        /// <summary>Top-level attributes the newer format defines and the older one does not.</summary>
        public IReadOnlyCollection<string> NewerOnlyAttributes { get; }

        /// <summary>
        /// Newer attributes whose value no update by the older pipeline can make untrue (created_at, requested_by,
        /// the step history so far). After a down migration they come back even if the older pipeline has updated the
        /// item since; every other kept value then yields to what the current item derives (<see cref="ReservedDownAttribute"/>).
        /// </summary>
        public IReadOnlyCollection<string> KeptFacts { get; }

        /// <summary>"state 1↔2" for messages.</summary>
        public abstract string Name { get; }

        /// <summary>The item in the newer format.</summary>
        /// <exception cref="ItemFormatException">The item is not a valid item of the older format.</exception>
        public Dictionary<string, AttributeValue> Up(IReadOnlyDictionary<string, AttributeValue> item)
        {
            RequireFormat(item, OlderFormat);
            var (core, layers) = ReservedDownAttribute.Split(item);
            foreach (var attribute in NewerOnlyAttributes)
            {
                if (core.ContainsKey(attribute))
                {
                    throw ItemFormatException.Unexpected($"{Name}: a format {OlderFormat} item must not hold the format {NewerFormat} attribute '{attribute}' (written by another tool, or half migrated?).");
                }
            }

            ValidateOlder(core);
            var newer = Derive(core);
            var key = NewerFormat.ToString(CultureInfo.InvariantCulture);
            if (layers.Remove(key, out var layer))
            {
                ReservedDownAttribute.Apply(newer, core, layer, KeptFacts);
            }

            ReservedDownAttribute.Store(newer, layers);
            return newer;
        }

        /// <summary>The item in the older format, with whatever the older format cannot hold kept in <c>_ar_down</c>.</summary>
        /// <exception cref="ItemFormatException">The item is not a valid item of the newer format.</exception>
        public Dictionary<string, AttributeValue> Down(IReadOnlyDictionary<string, AttributeValue> item)
        {
            RequireFormat(item, NewerFormat);
            var (core, layers) = ReservedDownAttribute.Split(item);
            var key = NewerFormat.ToString(CultureInfo.InvariantCulture);
            if (layers.ContainsKey(key))
            {
                throw new ItemFormatException(MigrationErrorIds.InvalidReservedAttribute, $"{Name}: a format {NewerFormat} item holds a {ReservedDownAttribute.AttributeName} layer for its own format.");
            }

            ValidateNewer(core);
            var older = Reduce(core);
            var layer = ReservedDownAttribute.Layer(core, older, Derive(older));
            if (layer != null)
            {
                layers[key] = layer;
            }

            ReservedDownAttribute.Store(older, layers);
            return older;
        }

        /// <summary>The newer item derived from an older one (without <c>_ar_down</c>). Must be deterministic: no clock, no randomness.</summary>
        protected abstract Dictionary<string, AttributeValue> Derive(IReadOnlyDictionary<string, AttributeValue> older);

        /// <summary>
        /// The newer item reduced to the older format (without <c>_ar_down</c>): removes or narrows attributes, never
        /// adds information, and Reduce(Derive(x)) = x for every valid older x.
        /// </summary>
        protected abstract Dictionary<string, AttributeValue> Reduce(IReadOnlyDictionary<string, AttributeValue> newer);

        /// <summary>Throws <see cref="ItemFormatException"/> when an older item lacks what <see cref="Derive"/> needs.</summary>
        protected abstract void ValidateOlder(IReadOnlyDictionary<string, AttributeValue> older);

        /// <summary>Throws <see cref="ItemFormatException"/> when a newer item is not of the newer format.</summary>
        protected abstract void ValidateNewer(IReadOnlyDictionary<string, AttributeValue> newer);

        protected void RequireType(IReadOnlyDictionary<string, AttributeValue> item, string attribute, string type, bool required, int format)
        {
            if (!item.TryGetValue(attribute, out var value))
            {
                if (required)
                {
                    throw ItemFormatException.Unexpected($"{Name}: the format {format} item has no '{attribute}' ({type}).");
                }

                return;
            }

            var actual = AttributeValues.TypeOf(value);
            if (actual != type)
            {
                throw ItemFormatException.Unexpected($"{Name}: '{attribute}' is {actual}, format {format} says {type}.");
            }
        }

        protected Dictionary<string, AttributeValue> WithFormat(IReadOnlyDictionary<string, AttributeValue> item, int format)
        {
            var copy = AttributeValues.Copy(item);
            if (format == 1)
            {
                copy.Remove(FormatMarker.AttributeName);
            }
            else
            {
                copy[FormatMarker.AttributeName] = AttributeValues.N(format);
            }

            return copy;
        }

        private void RequireFormat(IReadOnlyDictionary<string, AttributeValue> item, int format)
        {
            var actual = FormatMarker.Detect(item);
            if (actual != format)
            {
                throw ItemFormatException.Unexpected($"{Name}: expected a format {format} item, found {FormatMarker.Describe(item)}.");
            }
        }
    }
}
