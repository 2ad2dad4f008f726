namespace AuroraRestore.Restores
{
    /// <summary>What is deployed in an environment: the pipeline version (which decides every format) and its resources.</summary>
    public sealed class PipelineDeployment
    {
        public PipelineDeployment(string pipelineVersion, string? stateMachineArn, string? topicArn)
        {
            PipelineVersion = pipelineVersion;
            StateMachineArn = stateMachineArn;
            TopicArn = topicArn;
        }

        /// <summary>e.g. 1.0.0, 2.0.0, 3.0.0.</summary>
        public string PipelineVersion { get; }

        public string? StateMachineArn { get; }

        public string? TopicArn { get; }
    }
}
