using System;

namespace AuroraRestore.Security
{
    /// <summary>
    /// IAM's wildcard matching for actions, resources and StringLike: <c>*</c> matches any run of characters (also
    /// none, also across <c>:</c> and <c>/</c>), <c>?</c> exactly one; everything else is literal. No regular expressions,
    /// so characters such as <c>.</c>, <c>+</c> or <c>[</c> in an ARN never change the meaning.
    /// </summary>
    public static class WildcardPattern
    {
        public static bool IsMatch(string pattern, string value, bool ignoreCase)
        {
            if (pattern == null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            // Iterative glob matching with backtracking to the last '*': linear in practice, no recursion depth.
            int p = 0, v = 0, starP = -1, starV = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    starP = p++;
                    starV = v;
                }
                else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
                {
                    p++;
                    v++;
                }
                else if (starP >= 0)
                {
                    p = starP + 1;
                    v = ++starV;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private static bool Same(char a, char b, bool ignoreCase)
            => a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
    }
}
