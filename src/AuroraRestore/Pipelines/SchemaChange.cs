namespace AuroraRestore.Pipelines
{
    /// <summary>One change the schema step makes (or would make) to a table: an index created or deleted.</summary>
    public sealed class SchemaChange
    {
        public SchemaChange(string tableName, string action, string indexName, string detail)
        {
            TableName = tableName;
            Action = action;
            IndexName = indexName;
            Detail = detail;
        }

        public string TableName { get; }

        /// <summary>CreateIndex or DeleteIndex.</summary>
        public string Action { get; }

        public string IndexName { get; }

        public string Detail { get; }

        public override string ToString() => $"{TableName}: {Action} {IndexName} ({Detail})";
    }
}
