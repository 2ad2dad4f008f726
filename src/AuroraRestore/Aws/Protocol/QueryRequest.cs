using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// The form body of an AWS Query protocol request (CloudFormation, RDS, SNS, CloudWatch, IAM, STS):
    /// flattened keys such as <c>Parameters.member.1.ParameterKey</c>, in the order they were added.
    /// </summary>
    public sealed class QueryRequest
    {
        private readonly List<KeyValuePair<string, string>> fields = new List<KeyValuePair<string, string>>();

        public QueryRequest(string action, string apiVersion)
        {
            Action = action;
            Add("Action", action);
            Add("Version", apiVersion);
        }

        public string Action { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

        public QueryRequest Add(string key, string? value)
        {
            if (value != null)
            {
                fields.Add(new KeyValuePair<string, string>(key, value));
            }

            return this;
        }

        public QueryRequest Add(string key, int? value) => value.HasValue ? Add(key, value.Value.ToString(CultureInfo.InvariantCulture)) : this;

        public QueryRequest Add(string key, double? value) => value.HasValue ? Add(key, value.Value.ToString("R", CultureInfo.InvariantCulture)) : this;

        public QueryRequest Add(string key, bool? value) => value.HasValue ? Add(key, value.Value ? "true" : "false") : this;

        /// <summary>A list of scalars: <c>prefix.member.1</c>, <c>prefix.member.2</c>, ...</summary>
        public QueryRequest AddList(string prefix, IEnumerable<string>? values, string memberName = "member")
        {
            if (values == null)
            {
                return this;
            }

            var index = 1;
            foreach (var value in values)
            {
                Add($"{prefix}.{memberName}.{index++}", value);
            }

            return this;
        }

        /// <summary>A list of structures: <c>prefix.member.N.Field</c> for each field each item yields.</summary>
        public QueryRequest AddList<T>(string prefix, IEnumerable<T>? items, Func<T, IEnumerable<KeyValuePair<string, string?>>> fieldsOf, string memberName = "member")
        {
            if (items == null)
            {
                return this;
            }

            var index = 1;
            foreach (var item in items)
            {
                foreach (var field in fieldsOf(item))
                {
                    Add($"{prefix}.{memberName}.{index}.{field.Key}", field.Value);
                }

                index++;
            }

            return this;
        }

        /// <summary>A map: <c>prefix.entry.N.key</c> and <c>prefix.entry.N.value</c>.</summary>
        public QueryRequest AddMap(string prefix, IEnumerable<KeyValuePair<string, string>>? map, string entryName = "entry", string keyName = "key", string valueName = "value")
        {
            if (map == null)
            {
                return this;
            }

            var index = 1;
            foreach (var pair in map)
            {
                Add($"{prefix}.{entryName}.{index}.{keyName}", pair.Key);
                Add($"{prefix}.{entryName}.{index}.{valueName}", pair.Value);
                index++;
            }

            return this;
        }

        public string ToFormBody()
            => string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

        public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToFormBody());
    }
}
