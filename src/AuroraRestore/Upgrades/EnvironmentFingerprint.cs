using System;
using System.Collections.Generic;
using System.Linq;

namespace AuroraRestore.Upgrades
{
    /// <summary>
    /// What a plan was computed from: the stacks' versions and templates (SHA-256) and the tables' index sets. A plan is
    /// applied only while the environment still has this fingerprint.
    /// </summary>
    public sealed class EnvironmentFingerprint
    {
        public string? MainStackVersion { get; set; }

        public string? IamStackVersion { get; set; }

        public string MainTemplateSha256 { get; set; } = string.Empty;

        public string IamTemplateSha256 { get; set; } = string.Empty;

        public IReadOnlyList<string> StateTableIndexes { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> AuditTableIndexes { get; set; } = Array.Empty<string>();

        /// <summary>What differs from <paramref name="current"/>, one line each (empty when they are the same).</summary>
        public IReadOnlyList<string> DifferencesFrom(EnvironmentFingerprint current)
        {
            var differences = new List<string>();
            void Compare(string what, string? planned, string? now)
            {
                if (!string.Equals(planned, now, StringComparison.Ordinal))
                {
                    differences.Add($"{what}: planned {planned ?? "(none)"}, now {now ?? "(none)"}");
                }
            }

            Compare("main stack version", MainStackVersion, current.MainStackVersion);
            Compare("IAM stack version", IamStackVersion, current.IamStackVersion);
            Compare("main stack template SHA-256", MainTemplateSha256, current.MainTemplateSha256);
            Compare("IAM stack template SHA-256", IamTemplateSha256, current.IamTemplateSha256);
            Compare("state table indexes", string.Join(",", StateTableIndexes), string.Join(",", current.StateTableIndexes));
            Compare("audit table indexes", string.Join(",", AuditTableIndexes), string.Join(",", current.AuditTableIndexes));
            return differences;
        }

        public override string ToString()
            => $"main {MainStackVersion} ({Short(MainTemplateSha256)}), IAM {IamStackVersion} ({Short(IamTemplateSha256)}), state indexes [{string.Join(",", StateTableIndexes)}], audit indexes [{string.Join(",", AuditTableIndexes)}]";

        private static string Short(string sha) => sha.Length > 12 ? sha.Substring(0, 12) : sha;
    }
}
