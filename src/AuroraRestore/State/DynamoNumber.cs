using System;
using System.Globalization;
using System.Text;

namespace AuroraRestore.State
{
    /// <summary>
    /// DynamoDB numbers as exact decimal strings. DynamoDB keeps up to 38 significant digits and an exponent between
    /// -130 and +125, far beyond <see cref="decimal"/> and <see cref="double"/>, so numbers are compared and hashed
    /// by their digits, never by converting them. "1.50", "1.5" and "15E-1" are the same number and one canonical form.
    /// </summary>
    public static class DynamoNumber
    {
        /// <summary>
        /// The canonical spelling of <paramref name="text"/>: "0", or an optional "-", the significant digits without
        /// leading or trailing zeros, "E" and the exponent such that value = 0.digits × 10^exponent (e.g. "15E1" for 1.5).
        /// </summary>
        /// <exception cref="FormatException">The text is not a decimal number.</exception>
        public static string Canonical(string text)
        {
            if (!TryCanonical(text, out var canonical))
            {
                throw new FormatException($"'{text}' is not a DynamoDB number.");
            }

            return canonical;
        }

        public static bool TryCanonical(string? text, out string canonical)
        {
            canonical = string.Empty;
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            var i = 0;
            var negative = false;
            if (text[i] == '+' || text[i] == '-')
            {
                negative = text[i] == '-';
                i++;
            }

            var digits = new StringBuilder(text.Length);
            var pointSeen = false;
            var anyDigit = false;
            long digitsBeforePoint = 0;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= '0' && c <= '9')
                {
                    anyDigit = true;
                    digits.Append(c);
                    if (!pointSeen)
                    {
                        digitsBeforePoint++;
                    }
                }
                else if (c == '.' && !pointSeen)
                {
                    pointSeen = true;
                }
                else
                {
                    break;
                }
            }

            if (!anyDigit)
            {
                return false;
            }

            long exponent = 0;
            if (i < text.Length)
            {
                if (text[i] != 'e' && text[i] != 'E')
                {
                    return false;
                }

                var exponentText = text.Substring(i + 1);
                if (exponentText.Length == 0 || exponentText.Length > 12
                    || !long.TryParse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                    || exponentText.IndexOf(' ') >= 0)
                {
                    return false;
                }
            }

            // value = 0.<digits> × 10^(digitsBeforePoint + exponent); now drop the leading zeros (shifting the point)
            // and the trailing zeros (which change nothing).
            var all = digits.ToString();
            var first = 0;
            while (first < all.Length && all[first] == '0')
            {
                first++;
            }

            if (first == all.Length)
            {
                canonical = "0";
                return true;
            }

            var last = all.Length - 1;
            while (all[last] == '0')
            {
                last--;
            }

            var scale = digitsBeforePoint + exponent - first;
            canonical = (negative ? "-" : string.Empty) + all.Substring(first, last - first + 1) + "E" + scale.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        /// <summary>True when both texts are the same number.</summary>
        public static bool AreEqual(string a, string b)
            => string.Equals(a, b, StringComparison.Ordinal)
            || (TryCanonical(a, out var ca) && TryCanonical(b, out var cb) && string.Equals(ca, cb, StringComparison.Ordinal));
    }
}
