using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// The ways users name a pipeline version: exactly ("2.0.0") or by family, as the migration guide does
    /// ("2.0.x", or just "2.0"). A family means its newest known version.
    /// </summary>
    internal static class PipelineVersionSpelling
    {
        private static readonly Regex Exact = new Regex(@"^\d{1,9}\.\d{1,9}\.\d{1,9}$", RegexOptions.CultureInvariant);
        private static readonly Regex Family = new Regex(@"^(?<family>\d{1,9}\.\d{1,9})(\.[xX])?$", RegexOptions.CultureInvariant);

        public static bool IsExactVersion(string? text) => text != null && Exact.IsMatch(text);

        /// <summary>The known version a spelling names, or null.</summary>
        public static string? Resolve(string? spelling, IEnumerable<string> knownVersions)
        {
            if (string.IsNullOrEmpty(spelling))
            {
                return null;
            }

            if (Exact.IsMatch(spelling))
            {
                return knownVersions.FirstOrDefault(v => v == spelling);
            }

            var family = Family.Match(spelling);
            if (!family.Success)
            {
                return null;
            }

            var prefix = family.Groups["family"].Value + ".";
            return knownVersions
                .Where(v => v.StartsWith(prefix, StringComparison.Ordinal))
                .OrderByDescending(Parse)
                .FirstOrDefault();
        }

        public static Version Parse(string exactVersion) => Version.Parse(exactVersion);

        /// <summary>"1.0.0" → "1.0.x": how the migration guide names a version's family.</summary>
        public static string FamilyOf(string exactVersion)
            => exactVersion.Substring(0, exactVersion.LastIndexOf('.')) + ".x";
    }
}
