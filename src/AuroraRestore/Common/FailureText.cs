using System;
using System.Globalization;
using Amazon.Runtime;
using AuroraRestore.Aws;

namespace AuroraRestore.Common
{
    /// <summary>
    /// One line that says what went wrong, for a journal's failure record and a step's error: the error id, and for an
    /// AWS error its code and HTTP status. The AWS SDK's own message for an error answer without a body is only "The
    /// service returned an error. See inner exception for details", which tells an operator nothing.
    /// </summary>
    public static class FailureText
    {
        public static string Of(Exception ex) => ex switch
        {
            AuroraRestoreException known => $"[{known.ErrorId}] {known.Message}",
            AwsServiceException aws => $"[Aws{aws.ErrorCode}] HTTP {Status(aws.StatusCode)}: {aws.Message}",
            AmazonServiceException sdk => $"[{(string.IsNullOrEmpty(sdk.ErrorCode) ? sdk.GetType().Name : "Aws" + sdk.ErrorCode)}] HTTP {Status(sdk.StatusCode)}"
                + (string.IsNullOrEmpty(sdk.RequestId) ? string.Empty : $", request {sdk.RequestId}") + $": {sdk.Message}",
            _ => $"[{ex.GetType().Name}] {ex.Message}",
        };

        private static string Status(System.Net.HttpStatusCode status)
            => ((int)status).ToString(CultureInfo.InvariantCulture) + " " + status;
    }
}
