using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// A throw-away PostgreSQL server on a free loopback port, standing in for a restored cluster's endpoint.
    /// Installs Debian's postgresql when it is missing (CI starts from nothing), initdb's a cluster into a temp folder
    /// as the postgres user, starts it, and stops and removes it with the fixture.
    /// </summary>
    public sealed class PostgresServer : IDisposable
    {
        public const string SuperUser = "pgadmin";
        public const string SuperPassword = "local-test-master-pw";

        private readonly string directory;
        private readonly string binDirectory;

        public PostgresServer()
        {
            binDirectory = FindBinDirectory() ?? Install();
            Port = LoopbackPort.Free();
            directory = Path.Combine(Path.GetTempPath(), "ar-pg-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(directory);
            var passwordFile = Path.Combine(directory, "pw");
            File.WriteAllText(passwordFile, SuperPassword);
            Run("chown", "-R", "postgres:postgres", directory);
            AsPostgres(Path.Combine(binDirectory, "initdb"), "-D", Path.Combine(directory, "data"), "-U", SuperUser, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust");
            AsPostgres(Path.Combine(binDirectory, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "log"), "-w", "-o", $"-p {Port} -h 127.0.0.1 -k {directory}", "start");
        }

        public int Port { get; }

        public string Host => "127.0.0.1";

        /// <summary>The psql client: the tests' second path into the database.</summary>
        public string Psql(string sql)
        {
            var start = new ProcessStartInfo(Path.Combine(binDirectory, "psql")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-h", Host, "-p", Port.ToString(), "-U", SuperUser, "-d", "postgres", "-tA", "-c", sql })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["PGPASSWORD"] = SuperPassword;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("psql failed: " + error);
            }

            return output.Trim();
        }

        public void Dispose()
        {
            try
            {
                AsPostgres(Path.Combine(binDirectory, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-m", "fast", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }

        private static string? FindBinDirectory()
        {
            const string root = "/usr/lib/postgresql";
            if (!Directory.Exists(root))
            {
                return null;
            }

            return Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
        }

        private static string Install()
        {
            Run("apt-get", "update");
            Run("apt-get", "install", "-y", "postgresql");
            return FindBinDirectory() ?? throw new InvalidOperationException("postgresql installed but no initdb under /usr/lib/postgresql");
        }

        private static void AsPostgres(string command, params string[] args) => Run("runuser", new[] { "-u", "postgres", "--", command }.Concat(args).ToArray());

        private static void Run(string command, params string[] args)
        {
            var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start) ?? throw new InvalidOperationException(command + " did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{command} {string.Join(" ", args)} failed ({process.ExitCode}): {stderr.Result} {stdout.Result}");
            }
        }

    }
}
