namespace AuroraRestore.Verification
{
    /// <summary>The five checks of the migration guide's post-migration verification, named as Test-RestorePipeline reports them.</summary>
    public static class CheckNames
    {
        /// <summary>"All Lambda functions are deployed with the correct versions" (and both stacks carry the version).</summary>
        public const string FunctionVersions = "FunctionVersions";

        /// <summary>"Step Functions executions can be initiated successfully".</summary>
        public const string StateMachineExecution = "StateMachineExecution";

        /// <summary>"DynamoDB tables have the correct schema" (keys, indexes and the items' format).</summary>
        public const string TableSchema = "TableSchema";

        /// <summary>"Sample restore operations complete successfully".</summary>
        public const string SampleRestore = "SampleRestore";

        /// <summary>"All monitoring and alerting is functioning as expected".</summary>
        public const string Monitoring = "Monitoring";

        public static readonly string[] All = { FunctionVersions, StateMachineExecution, TableSchema, SampleRestore, Monitoring };
    }
}
