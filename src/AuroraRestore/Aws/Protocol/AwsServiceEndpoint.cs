namespace AuroraRestore.Aws.Protocol
{
    /// <summary>How to reach and sign for one AWS service (values from botocore's service models, "metadata").</summary>
    public sealed class AwsServiceEndpoint
    {
        public AwsServiceEndpoint(string displayName, string signingName, string endpointPrefix, bool global = false)
        {
            DisplayName = displayName;
            SigningName = signingName;
            EndpointPrefix = endpointPrefix;
            Global = global;
        }

        /// <summary>Name used in narration and errors, e.g. "CloudFormation".</summary>
        public string DisplayName { get; }

        /// <summary>SigV4 service name, e.g. "cloudformation", "states", "monitoring".</summary>
        public string SigningName { get; }

        public string EndpointPrefix { get; }

        /// <summary>Global services (IAM) have one endpoint and sign for us-east-1.</summary>
        public bool Global { get; }
    }
}
