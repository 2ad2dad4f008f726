using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Backup sets in a local folder: &lt;root&gt;/&lt;environment&gt;/&lt;name&gt;/. A set holds the stack templates
    /// and parameters of the pipeline, so on Unix every folder the store creates is mode 700 and every file 600, set
    /// explicitly (whatever the umask) and from creation on, so no file is ever readable by others, not even briefly.
    /// </summary>
    public sealed class LocalBackupStore : IBackupStore
    {
        public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        private readonly IOperationLog log;

        public LocalBackupStore(string root, IOperationLog log)
        {
            Root = Path.GetFullPath(root);
            this.log = log;
        }

        public string Root { get; }

        public Task ValidateAsync(CancellationToken cancellationToken)
        {
            if (File.Exists(Root))
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.BackupPathIsFile, FailureCategory.InvalidArgument, Root,
                    $"The backup path {Root} is a file, not a folder.",
                    "Pass -Path with a folder (it is created if missing); each backup set gets a subfolder.");
            }

            return Task.CompletedTask;
        }

        public string SetLocation(string environment, string name) => Path.Combine(Root, environment, name);

        public async Task WriteAsync(string environment, string name, string fileName, byte[] content, CancellationToken cancellationToken)
        {
            var folder = EnsureSetFolder(environment, name);
            var final = Path.Combine(folder, fileName);
            var temporary = Path.Combine(folder, "." + fileName + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FilePermissions;
            }

            log.Verbose($"Writing {final} ({content.Length} bytes)");
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            RestrictFile(temporary);
            File.Move(temporary, final, overwrite: true);
        }

        public async Task<byte[]?> ReadAsync(string environment, string name, string fileName, CancellationToken cancellationToken)
        {
            var path = Path.Combine(SetLocation(environment, name), fileName);
            if (!File.Exists(path))
            {
                return null;
            }

            log.Verbose($"Reading {path}");
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }

        public Task<IReadOnlyList<string>> ListFilesAsync(string environment, string name, CancellationToken cancellationToken)
        {
            var folder = SetLocation(environment, name);
            IReadOnlyList<string> files = Directory.Exists(folder)
                ? Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => f != null && !f.StartsWith(".", StringComparison.Ordinal)).Select(f => f!).OrderBy(f => f, StringComparer.Ordinal).ToList()
                : new List<string>();
            return Task.FromResult(files);
        }

        public Task<IReadOnlyList<string>> ListSetsAsync(string environment, CancellationToken cancellationToken)
        {
            var folder = Path.Combine(Root, environment);
            IReadOnlyList<string> sets = Directory.Exists(folder)
                ? Directory.GetDirectories(folder).Select(Path.GetFileName).Where(BackupNames.IsValid).Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToList()
                : new List<string>();
            return Task.FromResult(sets);
        }

        public override string ToString() => Root;

        private string EnsureSetFolder(string environment, string name)
        {
            // The root may be the user's own folder: created 700 when missing, left as it is otherwise.
            if (!Directory.Exists(Root))
            {
                CreateRestricted(Root);
            }

            var environmentFolder = Path.Combine(Root, environment);
            var setFolder = Path.Combine(environmentFolder, name);
            foreach (var folder in new[] { environmentFolder, setFolder })
            {
                if (!Directory.Exists(folder))
                {
                    CreateRestricted(folder);
                }

                RestrictFolder(folder);
            }

            return setFolder;
        }

        private static void CreateRestricted(string folder)
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
                return;
            }

            // Each missing level separately: CreateDirectory's mode applies to the last one only.
            var parent = Path.GetDirectoryName(folder);
            if (parent != null && !Directory.Exists(parent))
            {
                CreateRestricted(parent);
            }

            Directory.CreateDirectory(folder, FolderPermissions);
            RestrictFolder(folder);
        }

        private static void RestrictFolder(string folder)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, FolderPermissions);
            }
        }

        private static void RestrictFile(string file)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, FilePermissions);
            }
        }
    }
}
