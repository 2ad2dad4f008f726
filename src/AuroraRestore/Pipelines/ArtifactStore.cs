using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using AuroraRestore.Common;

namespace AuroraRestore.Pipelines
{
    /// <summary>
    /// The artifact bucket (one per account and region) that holds Lambda packages. Keys carry the package's hash, so
    /// a re-run uploads nothing new and a template only changes when the code does.
    /// </summary>
    public sealed class ArtifactStore
    {
        private readonly IAmazonS3 s3;
        private readonly IOperationLog log;

        public ArtifactStore(IAmazonS3 s3, IOperationLog log)
        {
            this.s3 = s3;
            this.log = log;
        }

        public async Task EnsureBucketAsync(string bucket, string region, CancellationToken cancellationToken)
        {
            try
            {
                await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket" || ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                log.Verbose($"Creating artifact bucket {bucket}");
            }

            var request = new PutBucketRequest { BucketName = bucket };
            if (region != "us-east-1")
            {
                request.BucketRegion = new S3Region(region);
            }

            await s3.PutBucketAsync(request, cancellationToken).ConfigureAwait(false);
            await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
            {
                BucketName = bucket,
                PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicAcls = true, BlockPublicPolicy = true, IgnorePublicAcls = true, RestrictPublicBuckets = true },
            }, cancellationToken).ConfigureAwait(false);
            await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules = new System.Collections.Generic.List<ServerSideEncryptionRule> { new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 } } },
                },
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <returns>The key the package was stored under: lambda/&lt;version&gt;/&lt;sha256&gt;.zip.</returns>
        public async Task<string> UploadLambdaPackageAsync(string bucket, string version, string packagePath, CancellationToken cancellationToken)
        {
            string hash;
            using (var stream = File.OpenRead(packagePath))
            using (var sha = SHA256.Create())
            {
                hash = BitConverter.ToString(sha.ComputeHash(stream)).Replace("-", string.Empty).ToLowerInvariant();
            }

            var key = $"lambda/{version}/{hash}.zip";
            try
            {
                await s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Lambda package already in s3://{bucket}/{key}");
                return key;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Not there yet: upload below.
            }

            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                FilePath = packagePath,
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                ContentType = "application/zip",
            }, cancellationToken).ConfigureAwait(false);
            return key;
        }
    }
}
