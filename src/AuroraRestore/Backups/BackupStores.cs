using System;
using AuroraRestore.Aws;
using AuroraRestore.Common;

namespace AuroraRestore.Backups
{
    /// <summary>Turns a <see cref="BackupLocation"/>, or the Location a set reports, into the store that holds it.</summary>
    public static class BackupStores
    {
        public static IBackupStore For(BackupLocation location, AwsClients aws, IOperationLog log)
            => location.IsS3 ? new S3BackupStore(aws.S3, location.Bucket!, location.Prefix, log) : new LocalBackupStore(location.Path!, log);

        /// <summary>
        /// The location of the store that holds a set, from the set's own Location (a folder path
        /// &lt;root&gt;/&lt;environment&gt;/&lt;name&gt;, or s3://bucket/prefix/environment/name/): this is what lets a
        /// RestoreStateBackup travel down the pipeline to Test-RestoreStateBackup or Restore-RestoreState.
        /// </summary>
        public static BackupLocation LocationOfSet(string setLocation, string environment, string name)
        {
            var tail = environment + "/" + name + "/";
            if (setLocation.StartsWith("s3://", StringComparison.Ordinal))
            {
                var rest = setLocation.Substring("s3://".Length);
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                var key = slash < 0 ? string.Empty : rest.Substring(slash + 1);
                if (slash > 0 && key.EndsWith(tail, StringComparison.Ordinal))
                {
                    return BackupLocation.S3(rest.Substring(0, slash), key.Substring(0, key.Length - tail.Length));
                }
            }
            else
            {
                var trimmed = setLocation.TrimEnd('/', '\\');
                var setFolder = new System.IO.DirectoryInfo(trimmed);
                if (setFolder.Name == name && setFolder.Parent?.Name == environment && setFolder.Parent.Parent != null)
                {
                    return BackupLocation.Folder(setFolder.Parent.Parent.FullName);
                }
            }

            throw new AuroraRestoreException(
                BackupErrorIds.BackupNotFound, FailureCategory.InvalidArgument, setLocation,
                $"'{setLocation}' is not where a backup set named {name} of environment '{environment}' is kept (<root>/{environment}/{name}).",
                "Pass the object Get-RestoreStateBackup or Backup-RestoreState emitted, or -Name with -Path or -Bucket.");
        }
    }
}
