using System;
using System.Net.Http;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws
{
    /// <summary>
    /// Where and as whom the module talks to AWS: region, credentials, an optional endpoint override (moto, a proxy,
    /// a VPC endpoint), the shared retry policy and the log that narrates every call.
    /// Resolved once per cmdlet invocation, before anything changes, so that bad settings fail first.
    /// </summary>
    public sealed class AwsContext
    {
        private static readonly Regex RegionPattern = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", RegexOptions.CultureInvariant);

        private AwsContext(string region, AWSCredentials credentials, Uri? endpointUrl, IOperationLog log, AwsRetryPolicy retry, Func<HttpMessageHandler>? handlerFactory)
        {
            Region = region;
            Credentials = credentials;
            EndpointUrl = endpointUrl;
            Log = log;
            Retry = retry;
            HandlerFactory = handlerFactory ?? (() => new HttpClientHandler());
        }

        public string Region { get; }

        public AWSCredentials Credentials { get; }

        /// <summary>One endpoint for every service (moto, a proxy), or null for the public AWS endpoints.</summary>
        public Uri? EndpointUrl { get; }

        public IOperationLog Log { get; }

        public AwsRetryPolicy Retry { get; }

        /// <summary>Creates the innermost HTTP handler; tests replace it to inject faults.</summary>
        public Func<HttpMessageHandler> HandlerFactory { get; }

        public RegionEndpoint RegionEndpoint => RegionEndpoint.GetBySystemName(Region);

        /// <summary>
        /// Resolves the context the way AWS tools do: explicit parameters first, then AWS_ENDPOINT_URL, AWS_REGION,
        /// AWS_DEFAULT_REGION and AWS_PROFILE, then the SDK's default credential chain.
        /// </summary>
        public static AwsContext Resolve(string? region, string? profileName, AWSCredentials? credentials, string? endpointUrl, IOperationLog? log = null, AwsRetryPolicy? retry = null, Func<HttpMessageHandler>? handlerFactory = null)
        {
            var endpoint = ResolveEndpoint(endpointUrl ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
            CredentialProfile? profile = null;
            var chain = new CredentialProfileStoreChain();
            var profileToUse = profileName;
            if (!string.IsNullOrEmpty(profileName) && !chain.TryGetProfile(profileName, out profile))
            {
                throw new AuroraRestoreException(
                    "AwsProfileNotFound", FailureCategory.ObjectNotFound, profileName,
                    $"The AWS profile '{profileName}' is not in the shared credentials or config file.",
                    "Check the name with 'aws configure list-profiles', or pass -Credential instead.");
            }

            var resolvedRegion = FirstNonEmpty(
                region,
                Environment.GetEnvironmentVariable("AWS_REGION"),
                Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"),
                profile?.Region?.SystemName);
            if (resolvedRegion == null)
            {
                throw new AuroraRestoreException(
                    "AwsRegionNotSet", FailureCategory.InvalidArgument, null,
                    "No AWS region was given and none is configured.",
                    "Pass -Region (for example -Region us-east-1) or set AWS_REGION.");
            }

            if (!RegionPattern.IsMatch(resolvedRegion))
            {
                throw new AuroraRestoreException(
                    "InvalidRegion", FailureCategory.InvalidArgument, resolvedRegion,
                    $"'{resolvedRegion}' is not an AWS region name.",
                    "Use a region code such as us-east-1 or eu-west-2.");
            }

            var resolvedCredentials = credentials ?? ResolveCredentials(chain, profileToUse, profile);
            return new AwsContext(resolvedRegion, resolvedCredentials, endpoint, log ?? NullOperationLog.Instance, retry ?? new AwsRetryPolicy(), handlerFactory);
        }

        /// <summary>The same account and endpoint in another region (cross-region snapshot copies).</summary>
        public AwsContext ForRegion(string region)
            => region == Region ? this : new AwsContext(region, Credentials, EndpointUrl, Log, Retry, HandlerFactory);

        /// <summary>The same settings with another log (engines that narrate into a sub-report).</summary>
        public AwsContext WithLog(IOperationLog log) => new AwsContext(Region, Credentials, EndpointUrl, log, Retry, HandlerFactory);

        /// <summary>
        /// The same settings with another retry policy: for optional probes (IAM policy simulation) whose failure has a
        /// fallback, so that an endpoint that does not implement them costs one short retry, not a full backoff.
        /// </summary>
        public AwsContext WithRetry(AwsRetryPolicy retry) => new AwsContext(Region, Credentials, EndpointUrl, Log, retry, HandlerFactory);

        /// <summary>The URL of a service whose endpoint prefix is <paramref name="endpointPrefix"/> (e.g. "cloudformation", "states").</summary>
        public Uri EndpointFor(string endpointPrefix, bool global = false)
        {
            if (EndpointUrl != null)
            {
                return EndpointUrl;
            }

            var suffix = Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            return global ? new Uri($"https://{endpointPrefix}.{suffix}/") : new Uri($"https://{endpointPrefix}.{Region}.{suffix}/");
        }

        public IAmazonDynamoDB CreateDynamoDb()
        {
            var config = new AmazonDynamoDBConfig();
            Configure(config);
            var client = new AmazonDynamoDBClient(Credentials, config);
            Narrate(client, "DynamoDB");
            return client;
        }

        public IAmazonS3 CreateS3()
        {
            var config = new AmazonS3Config { ForcePathStyle = EndpointUrl != null };
            Configure(config);
            var client = new AmazonS3Client(Credentials, config);
            Narrate(client, "S3");
            return client;
        }

        public IAmazonSimpleSystemsManagement CreateSsm()
        {
            var config = new AmazonSimpleSystemsManagementConfig();
            Configure(config);
            var client = new AmazonSimpleSystemsManagementClient(Credentials, config);
            Narrate(client, "SSM");
            return client;
        }

        private void Configure(ClientConfig config)
        {
            if (EndpointUrl != null)
            {
                config.ServiceURL = EndpointUrl.ToString();
                config.AuthenticationRegion = Region;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint;
            }

            config.MaxErrorRetry = Retry.MaxAttempts - 1;
            config.HttpClientFactory = new SdkHttpClientFactory(Retry, HandlerFactory);
        }

        private void Narrate(AmazonServiceClient client, string service)
        {
            client.BeforeRequestEvent += (sender, args) =>
            {
                if (args is WebServiceRequestEventArgs web)
                {
                    var operation = web.Request?.GetType().Name ?? "request";
                    if (operation.EndsWith("Request", StringComparison.Ordinal))
                    {
                        operation = operation.Substring(0, operation.Length - "Request".Length);
                    }

                    Log.Verbose($"{service} {operation} ({Region})");
                }
            };
        }

        private static Uri? ResolveEndpoint(string? endpointUrl)
        {
            if (string.IsNullOrWhiteSpace(endpointUrl))
            {
                return null;
            }

            if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new AuroraRestoreException(
                    "InvalidEndpointUrl", FailureCategory.InvalidArgument, endpointUrl,
                    $"'{endpointUrl}' is not an absolute http or https URL.",
                    "Pass -EndpointUrl like http://127.0.0.1:5000, or leave it out to use the public AWS endpoints.");
            }

            return uri;
        }

        private static AWSCredentials ResolveCredentials(CredentialProfileStoreChain chain, string? profileName, CredentialProfile? profile)
        {
            try
            {
                if (profile != null && chain.TryGetAWSCredentials(profileName, out var fromProfile))
                {
                    return fromProfile;
                }

                var resolved = new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);
                if (resolved != null)
                {
                    return resolved;
                }
            }
            catch (Exception ex) when (ex is AmazonClientException || ex is InvalidOperationException)
            {
                throw NoCredentials(ex);
            }

            throw NoCredentials(null);
        }

        private static AuroraRestoreException NoCredentials(Exception? inner) => new AuroraRestoreException(
            "AwsCredentialsNotFound", FailureCategory.AuthenticationError, null,
            "No AWS credentials were found: none were passed, and the default chain (environment, AWS_PROFILE, shared files, instance role) found none.",
            "Pass -Credential or -ProfileName, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
            inner);

        private static string? FirstNonEmpty(params string?[] values)
        {
            foreach (var value in values)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value;
                }
            }

            return null;
        }
    }
}
