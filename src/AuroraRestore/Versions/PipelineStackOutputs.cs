namespace AuroraRestore.Versions
{
    /// <summary>The output names of the two stacks, identical in every pipeline version (the installer and verifier read them).</summary>
    public static class PipelineStackOutputs
    {
        /// <summary>On both stacks: the pipeline version the stack was deployed from.</summary>
        public const string PipelineVersion = "PipelineVersion";

        /// <summary>IAM stack: role of the Lambda functions.</summary>
        public const string LambdaRoleArn = "LambdaRoleArn";

        /// <summary>IAM stack: role of the state machine.</summary>
        public const string StateMachineRoleArn = "StateMachineRoleArn";

        /// <summary>Main stack.</summary>
        public const string StateMachineArn = "StateMachineArn";

        /// <summary>Main stack.</summary>
        public const string TopicArn = "TopicArn";

        /// <summary>Main stack.</summary>
        public const string StateTableName = "StateTableName";

        /// <summary>Main stack.</summary>
        public const string AuditTableName = "AuditTableName";
    }
}
