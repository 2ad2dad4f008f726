using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Sts
{
    /// <summary>The STS operations the module uses.</summary>
    public interface IStsClient
    {
        Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);
    }

    public sealed class CallerIdentity
    {
        public CallerIdentity(string account, string arn, string userId)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
        }

        public string Account { get; }

        public string Arn { get; }

        public string UserId { get; }
    }
}
