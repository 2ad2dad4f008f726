namespace AuroraRestore.Backups
{
    /// <summary>One key attribute of a table or index: name, scalar type (S, N, B) and role (HASH, RANGE).</summary>
    public sealed class ManifestKeyElement
    {
        public ManifestKeyElement(string attributeName, string attributeType, string keyType)
        {
            AttributeName = attributeName;
            AttributeType = attributeType;
            KeyType = keyType;
        }

        public string AttributeName { get; }

        public string AttributeType { get; }

        public string KeyType { get; }

        /// <summary>"operation_id S HASH": the form TableBackup.KeySchema shows and comparisons use.</summary>
        public override string ToString() => AttributeName + " " + AttributeType + " " + KeyType;
    }
}
