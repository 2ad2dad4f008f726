using System;

namespace AuroraRestore.Aws.SecretsManager
{
    /// <summary>A secret's metadata as DescribeSecret returns it: never its value.</summary>
    public sealed class SecretDescription
    {
        public string Arn { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        public string? KmsKeyId { get; set; }

        public DateTimeOffset? LastChangedDate { get; set; }

        public DateTimeOffset? DeletedDate { get; set; }
    }
}
