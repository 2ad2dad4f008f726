using System;
using System.Globalization;

namespace AuroraRestore.State
{
    /// <summary>The formats' time strings: ISO 8601 UTC with milliseconds and a Z, so they sort as strings.</summary>
    public static class IsoTime
    {
        public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>Without milliseconds: the SNS messages' <c>timestamp</c>.</summary>
        public static string FormatSeconds(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>Parses what any format wrote (an audit sort key's <c>#n</c> suffix is ignored); null when unreadable.</summary>
        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            var hash = text!.IndexOf('#');
            if (hash >= 0)
            {
                text = text.Substring(0, hash);
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : (DateTimeOffset?)null;
        }
    }
}
