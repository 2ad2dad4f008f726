using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using AuroraRestore.Common;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Backup sets in S3: s3://&lt;bucket&gt;/&lt;prefix&gt;&lt;environment&gt;/&lt;name&gt;/&lt;file&gt;. Every object is
    /// written with server-side encryption (AES256) requested explicitly, whatever the bucket's default: a set holds the
    /// pipeline's templates and parameters. A PutObject is atomic, so a file is there whole or not at all.
    /// </summary>
    public sealed class S3BackupStore : IBackupStore
    {
        private readonly IAmazonS3 s3;
        private readonly IOperationLog log;

        public S3BackupStore(IAmazonS3 s3, string bucket, string prefix, IOperationLog log)
        {
            this.s3 = s3;
            this.log = log;
            Bucket = bucket;
            Prefix = prefix.Length == 0 || prefix.EndsWith("/", StringComparison.Ordinal) ? prefix : prefix + "/";
        }

        public string Bucket { get; }

        public string Prefix { get; }

        public async Task ValidateAsync(CancellationToken cancellationToken)
        {
            try
            {
                log.Verbose($"S3 GetBucketLocation {Bucket}");
                await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = Bucket }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket" || ex.StatusCode == HttpStatusCode.NotFound)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.BackupBucketNotFound, FailureCategory.ObjectNotFound, Bucket,
                    $"The S3 bucket {Bucket} does not exist (or is in another account).",
                    "Pass -Bucket with an existing bucket, or -Path for a local folder; without either, sets go to the artifact bucket that Install-RestorePipeline creates.",
                    ex);
            }
        }

        public string SetLocation(string environment, string name) => $"s3://{Bucket}/{SetPrefix(environment, name)}";

        public async Task WriteAsync(string environment, string name, string fileName, byte[] content, CancellationToken cancellationToken)
        {
            var key = SetPrefix(environment, name) + fileName;
            log.Verbose($"S3 PutObject s3://{Bucket}/{key} ({content.Length} bytes, SSE AES256)");
            using var stream = new MemoryStream(content, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                InputStream = stream,
                AutoCloseStream = false,
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                ContentType = fileName.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream",
            }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<byte[]?> ReadAsync(string environment, string name, string fileName, CancellationToken cancellationToken)
        {
            var key = SetPrefix(environment, name) + fileName;
            try
            {
                log.Verbose($"S3 GetObject s3://{Bucket}/{key}");
                using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey" || ex.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        public async Task<IReadOnlyList<string>> ListFilesAsync(string environment, string name, CancellationToken cancellationToken)
        {
            var prefix = SetPrefix(environment, name);
            var keys = await ListAsync(prefix, delimiter: "/", cancellationToken).ConfigureAwait(false);
            return keys.Objects.Select(k => k.Substring(prefix.Length)).Where(f => f.Length > 0).OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        public async Task<IReadOnlyList<string>> ListSetsAsync(string environment, CancellationToken cancellationToken)
        {
            var prefix = Prefix + environment + "/";
            var listing = await ListAsync(prefix, delimiter: "/", cancellationToken).ConfigureAwait(false);
            return listing.CommonPrefixes.Select(p => p.Substring(prefix.Length).TrimEnd('/')).Where(BackupNames.IsValid).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }

        public override string ToString() => $"s3://{Bucket}/{Prefix}";

        private string SetPrefix(string environment, string name) => Prefix + environment + "/" + name + "/";

        private async Task<(List<string> Objects, List<string> CommonPrefixes)> ListAsync(string prefix, string delimiter, CancellationToken cancellationToken)
        {
            var objects = new List<string>();
            var prefixes = new List<string>();
            string? token = null;
            do
            {
                log.Verbose($"S3 ListObjectsV2 s3://{Bucket}/{prefix}");
                var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, Delimiter = delimiter, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
                objects.AddRange((page.S3Objects ?? new List<S3Object>()).Select(o => o.Key));
                prefixes.AddRange(page.CommonPrefixes ?? new List<string>());
                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token != null);
            return (objects, prefixes);
        }
    }
}
