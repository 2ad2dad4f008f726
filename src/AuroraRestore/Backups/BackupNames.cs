using System;
using System.Globalization;
using System.Text.RegularExpressions;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Names of backup sets. A name becomes a folder name, an S3 key segment and part of the DynamoDB backup names
    /// (<c>&lt;name&gt;-&lt;table&gt;</c>, at most 255 of [A-Za-z0-9_.-]), so it is held to what all three accept.
    /// </summary>
    public static class BackupNames
    {
        /// <summary>Leaves room for the safety suffix and the table name within DynamoDB's 255 characters.</summary>
        public const int MaxLength = 160;

        private const string TimeFormat = "yyyyMMdd-HHmmss";

        private static readonly Regex Pattern = new Regex("^[A-Za-z0-9][A-Za-z0-9_.-]{2,159}$", RegexOptions.CultureInvariant);

        /// <summary><c>&lt;environment&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> in UTC.</summary>
        public static string Default(PipelineEnvironment environment, DateTimeOffset now)
            => environment.Name + "-" + now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

        /// <summary>The set Restore-RestoreState takes of the current contents before it changes anything.</summary>
        public static string Safety(string backupName, DateTimeOffset now)
            => backupName + "-before-restore-" + now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

        public static bool IsValid(string? name) => name != null && Pattern.IsMatch(name);

        /// <summary>Throws InvalidBackupName unless <paramref name="name"/> is a valid set name.</summary>
        public static string Validate(string? name)
        {
            if (!IsValid(name))
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.InvalidBackupName, FailureCategory.InvalidArgument, name,
                    $"'{name}' is not a valid backup name.",
                    $"Use 3 to {MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit (for example production-20260101-120000), or leave -Name out for <environment>-<yyyyMMdd-HHmmss>.");
            }

            return name!;
        }
    }
}
