using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Protocol;

namespace AuroraRestore.Aws.Sts
{
    /// <summary>STS over the Query protocol (botocore: sts/2011-06-15).</summary>
    public sealed class StsClient : QueryServiceClient, IStsClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("STS", "sts", "sts");

        public StsClient(AwsContext context)
            : base(context, Endpoint, "2011-06-15")
        {
        }

        public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
        {
            var result = await InvokeAsync(NewRequest("GetCallerIdentity"), string.Empty, cancellationToken).ConfigureAwait(false);
            return new CallerIdentity(Xml.Text(result, "Account") ?? string.Empty, Xml.Text(result, "Arn") ?? string.Empty, Xml.Text(result, "UserId") ?? string.Empty);
        }
    }
}
