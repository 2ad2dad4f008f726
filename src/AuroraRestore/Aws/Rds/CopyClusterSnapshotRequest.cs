using System;
using System.Collections.Generic;

namespace AuroraRestore.Aws.Rds
{
    /// <summary>CopyDBClusterSnapshot's parameters.</summary>
    public sealed class CopyClusterSnapshotRequest
    {
        public CopyClusterSnapshotRequest(string sourceSnapshotIdentifier, string targetSnapshotIdentifier)
        {
            SourceSnapshotIdentifier = sourceSnapshotIdentifier;
            TargetSnapshotIdentifier = targetSnapshotIdentifier;
        }

        /// <summary>The snapshot's ARN when it is in another region (RDS requires it then), else its id or ARN.</summary>
        public string SourceSnapshotIdentifier { get; }

        public string TargetSnapshotIdentifier { get; }

        /// <summary>KMS key in the destination region: needed to copy an encrypted snapshot across regions.</summary>
        public string? KmsKeyId { get; set; }

        /// <summary>
        /// The region of the source snapshot when it differs from the client's: the client then adds the pre-signed URL
        /// RDS needs to read an encrypted snapshot from there (what the AWS SDKs do for SourceRegion).
        /// </summary>
        public string? SourceRegion { get; set; }

        public bool CopyTags { get; set; }

        public IDictionary<string, string> Tags { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
