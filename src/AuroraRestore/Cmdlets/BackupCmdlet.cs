using System.Management.Automation;
using AuroraRestore.Backups;
using AuroraRestore.Common;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Base of the backup cmdlets: where sets are kept (-Path or -Bucket; neither means the artifact bucket).</summary>
    public abstract class BackupCmdlet : PipelineCmdlet
    {
        /// <summary>A local folder that holds backup sets (&lt;Path&gt;/&lt;environment&gt;/&lt;name&gt;/).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>An S3 bucket that holds backup sets (backups/&lt;environment&gt;/&lt;name&gt;/); default: the artifact bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Bucket { get; set; }

        /// <summary>-Path, -Bucket, or the artifact bucket of the account and region when neither is given.</summary>
        protected BackupLocation ResolveLocation(BackupService service)
        {
            if (Path != null && Bucket != null)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.BackupLocationConflict, FailureCategory.InvalidArgument, Path + " | " + Bucket,
                    "Both -Path and -Bucket were given; a backup set lives in one place.",
                    "Pass -Path for a local folder or -Bucket for an S3 bucket (or neither, for the artifact bucket).");
            }

            if (Path != null)
            {
                return BackupLocation.Folder(GetUnresolvedProviderPathFromPSPath(Path));
            }

            return Bucket != null ? BackupLocation.S3(Bucket) : Run(service.DefaultLocationAsync);
        }
    }
}
