using System;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// Who holds the upgrade lock: "user@host pid". On the same host the module can tell whether that process is gone
    /// (killed, crashed), so a re-run right after a kill need not wait for the lock to expire.
    /// </summary>
    public static class LockOwner
    {
        private static readonly Regex Pattern = new Regex(@"^(?<user>.*)@(?<host>\S+) (?<pid>\d+)$", RegexOptions.CultureInvariant);

        /// <summary>This process: "user@host pid".</summary>
        public static string Current()
        {
            using var process = Process.GetCurrentProcess();
            return $"{Environment.UserName}@{Environment.MachineName} {process.Id.ToString(CultureInfo.InvariantCulture)}";
        }

        /// <summary>
        /// True only when <paramref name="owner"/> is a process of this host that no longer runs (or whose pid now
        /// belongs to a process started after the lock was taken). Owners on other hosts are never judged dead here:
        /// only the lock's expiry frees them.
        /// </summary>
        public static bool IsDeadLocalProcess(string? owner, DateTimeOffset acquiredAt)
        {
            var match = owner == null ? Match.Empty : Pattern.Match(owner);
            if (!match.Success || !string.Equals(match.Groups["host"].Value, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (!int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return false;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return true;
                }

                // The pid was reused by a process that started after the lock was taken: the owner is gone.
                return process.StartTime.ToUniversalTime() > acquiredAt.UtcDateTime.AddSeconds(1);
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not allowed to look at it: it exists.
                return false;
            }
        }
    }
}
