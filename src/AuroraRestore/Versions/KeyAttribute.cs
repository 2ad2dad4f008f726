using System;

namespace AuroraRestore.Versions
{
    /// <summary>One key attribute of a table or index: its name and DynamoDB scalar type (S, N or B).</summary>
    public sealed class KeyAttribute : IEquatable<KeyAttribute>
    {
        public KeyAttribute(string name, string type)
        {
            Name = name;
            Type = type;
        }

        public string Name { get; }

        /// <summary>S (string), N (number) or B (binary): the only types a DynamoDB key may have.</summary>
        public string Type { get; }

        public static bool IsValidType(string? type) => type == "S" || type == "N" || type == "B";

        public bool Equals(KeyAttribute? other) => other != null && other.Name == Name && other.Type == Type;

        public override bool Equals(object? obj) => Equals(obj as KeyAttribute);

        public override int GetHashCode() => HashCode.Combine(Name, Type);

        public override string ToString() => Name + " (" + Type + ")";
    }
}
