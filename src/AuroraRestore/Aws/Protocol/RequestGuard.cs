using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>
    /// Checks a hand-written client makes on its input before anything is sent, so that a bad value fails with a
    /// stable error id and a useful message instead of a service error halfway through a change.
    /// Limits come from botocore's service models (min, max, pattern, list sizes).
    /// </summary>
    public static class RequestGuard
    {
        /// <summary>A required string: not null, not empty, not only white space.</summary>
        public static string Required(string? value, string parameter, string operation)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new AuroraRestoreException(
                    "AwsParameterRequired", FailureCategory.InvalidArgument, parameter,
                    $"{operation}: {parameter} is required and was empty.",
                    $"Pass a value for {parameter}.");
            }

            return value!;
        }

        /// <summary>A required object (a request, a datum).</summary>
        public static T RequiredObject<T>(T? value, string parameter, string operation)
            where T : class
        {
            if (value == null)
            {
                throw new AuroraRestoreException(
                    "AwsParameterRequired", FailureCategory.InvalidArgument, parameter,
                    $"{operation}: {parameter} is required and was null.",
                    $"Pass a value for {parameter}.");
            }

            return value;
        }

        /// <summary>A string whose length the service limits (botocore "min"/"max").</summary>
        public static string Length(string? value, string parameter, string operation, int min, int max)
        {
            var text = Required(value, parameter, operation);
            if (text.Length < min || text.Length > max)
            {
                throw new AuroraRestoreException(
                    "AwsParameterOutOfRange", FailureCategory.InvalidArgument, text,
                    $"{operation}: {parameter} must be {min} to {max} characters long; '{Shorten(text)}' has {text.Length}.",
                    $"Use a shorter (or non-empty) {parameter}.");
            }

            return text;
        }

        /// <summary>A list whose items must all be present: materialises it once so that it can be counted and re-read.</summary>
        public static List<string> RequiredItems(IEnumerable<string>? values, string parameter, string operation, bool allowEmpty)
        {
            var list = values?.ToList() ?? new List<string>();
            if (!allowEmpty && list.Count == 0)
            {
                throw new AuroraRestoreException(
                    "AwsParameterRequired", FailureCategory.InvalidArgument, parameter,
                    $"{operation}: {parameter} needs at least one value.",
                    $"Pass one or more values for {parameter}.");
            }

            foreach (var item in list)
            {
                Required(item, parameter, operation);
            }

            return list;
        }

        internal static string Shorten(string text) => text.Length > 80 ? text.Substring(0, 80) + "..." : text;
    }
}
