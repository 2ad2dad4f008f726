using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using Xunit;

namespace AuroraRestore.Tests.Backups
{
    public sealed class LocalBackupStoreTests : IDisposable
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "ar-store-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public void Dispose()
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [Fact]
        public async Task Folders_the_store_creates_are_700_and_files_600_also_when_rewritten()
        {
            Assert.False(OperatingSystem.IsWindows(), "Unix modes are what this test checks");
            var store = new LocalBackupStore(Path.Combine(root, "nested", "backups"), NullOperationLog.Instance);

            await store.WriteAsync("staging", "staging-1", "a.json", Encoding.UTF8.GetBytes("{}"), CancellationToken.None);
            await store.WriteAsync("staging", "staging-1", "a.json", Encoding.UTF8.GetBytes("{\"b\":1}"), CancellationToken.None);

            foreach (var folder in new[] { Path.Combine(root, "nested"), Path.Combine(root, "nested", "backups"), Path.Combine(root, "nested", "backups", "staging"), store.SetLocation("staging", "staging-1") })
            {
                Assert.Equal("700", Stat(folder));
            }

            Assert.Equal("600", Stat(Path.Combine(store.SetLocation("staging", "staging-1"), "a.json")));
            Assert.Equal("{\"b\":1}", File.ReadAllText(Path.Combine(store.SetLocation("staging", "staging-1"), "a.json")));
            Assert.Equal(new[] { "a.json" }, await store.ListFilesAsync("staging", "staging-1", CancellationToken.None));
            Assert.Equal(new[] { "staging-1" }, await store.ListSetsAsync("staging", CancellationToken.None));
            Assert.Null(await store.ReadAsync("staging", "staging-1", "none.json", CancellationToken.None));
        }

        [Fact]
        public async Task A_path_that_is_a_file_is_refused_as_BackupPathIsFile()
        {
            Directory.CreateDirectory(root);
            var file = Path.Combine(root, "file");
            File.WriteAllText(file, "x");
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => new LocalBackupStore(file, NullOperationLog.Instance).ValidateAsync(CancellationToken.None));
            Assert.Equal("BackupPathIsFile", error.ErrorId);
            Assert.Equal("x", File.ReadAllText(file));
        }

        [Fact]
        public void A_set_location_leads_back_to_its_store()
        {
            var local = BackupStores.LocationOfSet(Path.Combine(root, "staging", "staging-1"), "staging", "staging-1");
            Assert.Equal(Path.GetFullPath(root), local.Path);
            var s3 = BackupStores.LocationOfSet("s3://bucket-a/backups/staging/staging-1/", "staging", "staging-1");
            Assert.Equal("bucket-a", s3.Bucket);
            Assert.Equal("backups/", s3.Prefix);
            var error = Assert.Throws<AuroraRestoreException>(() => BackupStores.LocationOfSet("s3://bucket-a/other/", "staging", "staging-1"));
            Assert.Equal("BackupNotFound", error.ErrorId);
        }

        private static string Stat(string path)
        {
            var start = new ProcessStartInfo("stat", "-c %a " + path) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
    }
}
