using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Verification
{
    /// <summary>What the checks verify against: the environment, the expected version and the deployed stacks.</summary>
    public sealed class VerificationTarget
    {
        public VerificationTarget(PipelineEnvironment environment, PipelineVersionDefinition version, string? deployedVersion, StackDescription mainStack, StackDescription? iamStack, string verificationId)
        {
            Environment = environment;
            Version = version;
            DeployedVersion = deployedVersion;
            MainStack = mainStack;
            IamStack = iamStack;
            VerificationId = verificationId;
        }

        public PipelineEnvironment Environment { get; }

        /// <summary>The expected version's definition: its functions, indexes, alarms and formats are what is checked.</summary>
        public PipelineVersionDefinition Version { get; }

        /// <summary>The main stack's version tag (or PipelineVersion output).</summary>
        public string? DeployedVersion { get; }

        public StackDescription MainStack { get; }

        public StackDescription? IamStack { get; }

        /// <summary>A short random id naming everything this run creates (verify-&lt;id&gt;).</summary>
        public string VerificationId { get; }

        public string? Output(string name) => MainStack.Outputs.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
    }
}
