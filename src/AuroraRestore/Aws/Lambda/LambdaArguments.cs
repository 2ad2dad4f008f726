using System.Text.RegularExpressions;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Lambda
{
    /// <summary>
    /// Checks Lambda arguments against botocore's constraints (lambda/2015-03-31 shapes) before any request is sent,
    /// so that a bad name fails with a clear error instead of a 400 from AWS, or worse, is accepted by moto
    /// (which takes an all-digit alias name that AWS refuses).
    /// </summary>
    public static class LambdaArguments
    {
        // NamespacedFunctionName: a name, a partial ARN or a full ARN, optionally with a qualifier.
        private static readonly Regex FunctionNamePattern = new Regex(
            @"^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$",
            RegexOptions.CultureInvariant);

        private static readonly Regex QualifierPattern = new Regex(@"^[a-zA-Z0-9-_$]{1,128}$", RegexOptions.CultureInvariant);

        private static readonly Regex AliasPattern = new Regex(@"^(?![0-9]+$)[a-zA-Z0-9-_]{1,128}$", RegexOptions.CultureInvariant);

        private static readonly Regex VersionPattern = new Regex(@"^(\$LATEST|[0-9]{1,1024})$", RegexOptions.CultureInvariant);

        private static readonly Regex BucketPattern = new Regex(@"^[0-9A-Za-z\.\-_]{3,63}(?<!\.)$", RegexOptions.CultureInvariant);

        public const int MaxDescriptionLength = 256;

        public static void FunctionName(string? functionName)
        {
            if (string.IsNullOrEmpty(functionName) || functionName!.Length > 256 || !FunctionNamePattern.IsMatch(functionName))
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaFunctionName", FailureCategory.InvalidArgument, functionName,
                    $"'{functionName}' is not a Lambda function name or ARN.",
                    "Pass the function's name (letters, digits, '-', '_', up to 64 characters) or its ARN, for example aurora-restore-start.");
            }
        }

        public static void Qualifier(string? qualifier)
        {
            if (qualifier != null && !QualifierPattern.IsMatch(qualifier))
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaQualifier", FailureCategory.InvalidArgument, qualifier,
                    $"'{qualifier}' is not a Lambda version or alias name.",
                    "Pass a version number, $LATEST or an alias name such as live, or leave the qualifier out.");
            }
        }

        public static void AliasName(string? aliasName)
        {
            if (aliasName == null || !AliasPattern.IsMatch(aliasName))
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaAliasName", FailureCategory.InvalidArgument, aliasName,
                    $"'{aliasName}' is not a valid Lambda alias name.",
                    "Use 1 to 128 letters, digits, '-' or '_', not only digits (digits alone name a version), for example live.");
            }
        }

        public static void FunctionVersion(string? version)
        {
            if (version == null || !VersionPattern.IsMatch(version))
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaFunctionVersion", FailureCategory.InvalidArgument, version,
                    $"'{version}' is not a Lambda function version.",
                    "Pass a published version number such as 3, or $LATEST.");
            }
        }

        public static void Description(string? description)
        {
            if (description != null && description.Length > MaxDescriptionLength)
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaDescription", FailureCategory.InvalidArgument, description,
                    $"The description is {description.Length} characters long; Lambda accepts at most {MaxDescriptionLength}.",
                    $"Shorten the description to {MaxDescriptionLength} characters or fewer.");
            }
        }

        public static void CodeLocation(string? bucket, string? key)
        {
            if (bucket == null || !BucketPattern.IsMatch(bucket))
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaCodeBucket", FailureCategory.InvalidArgument, bucket,
                    $"'{bucket}' is not an S3 bucket name Lambda accepts for function code.",
                    "Pass the name of the bucket holding the package (3 to 63 letters, digits, '.', '-' or '_'), not an s3:// URL.");
            }

            if (string.IsNullOrEmpty(key) || key!.Length > 1024)
            {
                throw new AuroraRestoreException(
                    "InvalidLambdaCodeKey", FailureCategory.InvalidArgument, key,
                    "The S3 key of the function package is empty or longer than 1024 characters.",
                    "Pass the object key of the .zip package inside the bucket, for example lambda/3.0.0/aurora-restore.zip.");
            }
        }
    }
}
