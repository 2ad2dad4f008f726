namespace AuroraRestore.Backups
{
    /// <summary>Where backup sets are stored: a local folder, or an S3 bucket (with an optional key prefix).</summary>
    public sealed class BackupLocation
    {
        private BackupLocation(string? path, string? bucket, string prefix)
        {
            Path = path;
            Bucket = bucket;
            Prefix = prefix;
        }

        /// <summary>The local folder that holds backup sets (one subfolder per set), or null for S3.</summary>
        public string? Path { get; }

        public string? Bucket { get; }

        public string Prefix { get; }

        public bool IsS3 => Bucket != null;

        public static BackupLocation Folder(string path) => new BackupLocation(path, null, string.Empty);

        public static BackupLocation S3(string bucket, string prefix = "backups/") => new BackupLocation(null, bucket, prefix);

        public override string ToString() => IsS3 ? $"s3://{Bucket}/{Prefix}" : Path!;
    }
}
