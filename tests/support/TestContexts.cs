using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Common;

namespace AuroraRestore.Tests.Support
{
    /// <summary>AwsContexts for tests: always moto's endpoint, moto's dummy keys, never the machine's AWS settings.</summary>
    public static class TestContexts
    {
        public static AwsContext For(MotoServer moto, string region = MotoServer.DefaultRegion, IOperationLog? log = null)
            => AwsContext.Resolve(region, null, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey), moto.Endpoint, log);
    }
}
