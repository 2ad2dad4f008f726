using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Where backup sets are kept: one folder (or S3 prefix) per set, at &lt;root&gt;/&lt;environment&gt;/&lt;name&gt;/.
    /// Files are written whole or not at all, so a killed run leaves no half-written file under its final name.
    /// </summary>
    public interface IBackupStore
    {
        /// <summary>Checks that the location can hold sets (the folder is not a file, the bucket exists), changing nothing.</summary>
        Task ValidateAsync(CancellationToken cancellationToken);

        /// <summary>Where a set is: its folder path or s3://bucket/prefix/environment/name/.</summary>
        string SetLocation(string environment, string name);

        Task WriteAsync(string environment, string name, string fileName, byte[] content, CancellationToken cancellationToken);

        /// <returns>The file's bytes, or null when it does not exist.</returns>
        Task<byte[]?> ReadAsync(string environment, string name, string fileName, CancellationToken cancellationToken);

        /// <summary>The file names in a set (empty when the set does not exist).</summary>
        Task<IReadOnlyList<string>> ListFilesAsync(string environment, string name, CancellationToken cancellationToken);

        /// <summary>The names of the environment's sets, finished or not.</summary>
        Task<IReadOnlyList<string>> ListSetsAsync(string environment, CancellationToken cancellationToken);
    }
}
