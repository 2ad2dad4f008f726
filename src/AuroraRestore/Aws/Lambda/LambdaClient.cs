using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.Lambda
{
    /// <summary>Lambda over REST-JSON (botocore: lambda/2015-03-31): every path starts with /2015-03-31/functions/{FunctionName}.</summary>
    public sealed class LambdaClient : RestJsonServiceClient, ILambdaClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("Lambda", "lambda", "lambda");

        private const string ApiVersion = "2015-03-31";
        private const string NotFound = "ResourceNotFoundException";

        public LambdaClient(AwsContext context)
            : base(context, Endpoint)
        {
        }

        public async Task<LambdaFunctionConfiguration?> GetFunctionConfigurationAsync(string functionName, string? qualifier, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.Qualifier(qualifier);
            try
            {
                var result = await InvokeAsync(
                    "GetFunctionConfiguration", HttpMethod.Get, FunctionPath(functionName, "configuration"), QualifierQuery(qualifier), null,
                    Narrate(functionName, qualifier), cancellationToken).ConfigureAwait(false);
                return ReadConfiguration(result);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == NotFound)
            {
                return null;
            }
        }

        /// <remarks>
        /// The interface promises a code location, so a missing function is an <see cref="AwsServiceException"/>
        /// (ResourceNotFoundException) here; call <see cref="GetFunctionConfigurationAsync"/> first to test existence.
        /// The location is a presigned URL: it is returned to the caller and never narrated.
        /// </remarks>
        public async Task<LambdaFunctionCode> GetFunctionCodeAsync(string functionName, string? qualifier, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.Qualifier(qualifier);
            var result = await InvokeAsync(
                "GetFunction", HttpMethod.Get, FunctionPath(functionName), QualifierQuery(qualifier), null,
                Narrate(functionName, qualifier), cancellationToken).ConfigureAwait(false);
            var code = Json.Object(result, "Code");
            return new LambdaFunctionCode
            {
                RepositoryType = Json.Text(code, "RepositoryType"),
                Location = Json.Text(code, "Location"),
            };
        }

        public async Task<LambdaFunctionConfiguration> UpdateFunctionCodeFromS3Async(string functionName, string bucket, string key, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.CodeLocation(bucket, key);
            var payload = new JsonObject { ["S3Bucket"] = bucket, ["S3Key"] = key };
            var result = await InvokeAsync(
                "UpdateFunctionCode", HttpMethod.Put, FunctionPath(functionName, "code"), null, payload,
                $"{functionName} from s3://{bucket}/{key}", cancellationToken).ConfigureAwait(false);
            return ReadConfiguration(result);
        }

        public async Task<LambdaFunctionConfiguration> PublishVersionAsync(string functionName, string? description, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.Description(description);
            var payload = new JsonObject();
            if (description != null)
            {
                payload["Description"] = description;
            }

            var result = await InvokeAsync(
                "PublishVersion", HttpMethod.Post, FunctionPath(functionName, "versions"), null, payload,
                functionName, cancellationToken).ConfigureAwait(false);
            return ReadConfiguration(result);
        }

        /// <summary>Every version, $LATEST first as Lambda lists them, following NextMarker across pages.</summary>
        public async Task<IReadOnlyList<LambdaFunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            var versions = new List<LambdaFunctionConfiguration>();
            var seenMarkers = new HashSet<string>();
            string? marker = null;
            do
            {
                var query = marker == null ? null : new[] { new KeyValuePair<string, string>("Marker", marker) };
                var result = await InvokeAsync(
                    "ListVersionsByFunction", HttpMethod.Get, FunctionPath(functionName, "versions"), query, null,
                    marker == null ? functionName : functionName + " (next page)", cancellationToken).ConfigureAwait(false);
                foreach (var version in Json.Objects(result, "Versions"))
                {
                    versions.Add(ReadConfiguration(version));
                }

                marker = Json.Text(result, "NextMarker");
                if (!string.IsNullOrEmpty(marker) && !seenMarkers.Add(marker!))
                {
                    // A marker seen before would page for ever; better to stop loudly than to hang a restore.
                    throw new AuroraRestoreException(
                        "AwsPagingLoop", FailureCategory.InvalidResult, functionName,
                        $"Lambda ListVersionsByFunction for '{functionName}' returned a NextMarker it had already returned.",
                        "Run the command again; if it persists, check the endpoint (-EndpointUrl) or proxy in between.");
                }
            }
            while (!string.IsNullOrEmpty(marker));

            return versions;
        }

        public async Task<LambdaAlias?> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.AliasName(aliasName);
            try
            {
                var result = await InvokeAsync(
                    "GetAlias", HttpMethod.Get, FunctionPath(functionName, "aliases", aliasName), null, null,
                    $"{functionName} alias {aliasName}", cancellationToken).ConfigureAwait(false);
                return ReadAlias(result);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == NotFound)
            {
                return null;
            }
        }

        public async Task<LambdaAlias> CreateAliasAsync(string functionName, string aliasName, string functionVersion, string? description, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.AliasName(aliasName);
            LambdaArguments.FunctionVersion(functionVersion);
            LambdaArguments.Description(description);
            var payload = new JsonObject { ["Name"] = aliasName, ["FunctionVersion"] = functionVersion };
            if (description != null)
            {
                payload["Description"] = description;
            }

            try
            {
                var result = await InvokeAsync(
                    "CreateAlias", HttpMethod.Post, FunctionPath(functionName, "aliases"), null, payload,
                    $"{functionName} alias {aliasName} -> {functionVersion}", cancellationToken).ConfigureAwait(false);
                return ReadAlias(result);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceConflictException" || ex.ErrorCode == "ConflictException")
            {
                // A retry of a create whose answer was lost (the connection dropped after Lambda made the alias) finds
                // its own alias: the same name on the same version is the create having succeeded, anything else is not.
                var existing = await GetAliasAsync(functionName, aliasName, cancellationToken).ConfigureAwait(false);
                if (existing != null && existing.FunctionVersion == functionVersion)
                {
                    return existing;
                }

                throw;
            }
        }

        /// <summary>Points the alias at <paramref name="functionVersion"/>; a null description keeps the current one.</summary>
        public async Task<LambdaAlias> UpdateAliasAsync(string functionName, string aliasName, string functionVersion, string? description, CancellationToken cancellationToken)
        {
            LambdaArguments.FunctionName(functionName);
            LambdaArguments.AliasName(aliasName);
            LambdaArguments.FunctionVersion(functionVersion);
            LambdaArguments.Description(description);
            var payload = new JsonObject { ["FunctionVersion"] = functionVersion };
            if (description != null)
            {
                payload["Description"] = description;
            }

            var result = await InvokeAsync(
                "UpdateAlias", HttpMethod.Put, FunctionPath(functionName, "aliases", aliasName), null, payload,
                $"{functionName} alias {aliasName} -> {functionVersion}", cancellationToken).ConfigureAwait(false);
            return ReadAlias(result);
        }

        private static string FunctionPath(string functionName, params string[] rest)
        {
            var segments = new List<string> { ApiVersion, "functions", functionName };
            segments.AddRange(rest);
            return Path(segments.ToArray());
        }

        private static IEnumerable<KeyValuePair<string, string>>? QualifierQuery(string? qualifier)
            => qualifier == null ? null : new[] { new KeyValuePair<string, string>("Qualifier", qualifier) };

        private static string Narrate(string functionName, string? qualifier) => qualifier == null ? functionName : functionName + ":" + qualifier;

        private static LambdaFunctionConfiguration ReadConfiguration(JsonObject json)
        {
            var configuration = new LambdaFunctionConfiguration
            {
                FunctionName = Json.Text(json, "FunctionName") ?? string.Empty,
                FunctionArn = Json.Text(json, "FunctionArn") ?? string.Empty,
                Version = Json.Text(json, "Version") ?? string.Empty,
                Runtime = Json.Text(json, "Runtime"),
                Handler = Json.Text(json, "Handler"),
                Role = Json.Text(json, "Role"),
                CodeSha256 = Json.Text(json, "CodeSha256") ?? string.Empty,
                CodeSize = Json.Long(json, "CodeSize") ?? 0,
                Description = Json.Text(json, "Description"),
                LastModified = Json.Text(json, "LastModified"),
                RevisionId = Json.Text(json, "RevisionId"),
                State = Json.Text(json, "State"),
                LastUpdateStatus = Json.Text(json, "LastUpdateStatus"),
            };
            foreach (var variable in Json.StringMap(Json.Object(Json.Object(json, "Environment"), "Variables")))
            {
                configuration.Environment[variable.Key] = variable.Value;
            }

            return configuration;
        }

        private static LambdaAlias ReadAlias(JsonObject json) => new LambdaAlias
        {
            Name = Json.Text(json, "Name") ?? string.Empty,
            AliasArn = Json.Text(json, "AliasArn") ?? string.Empty,
            FunctionVersion = Json.Text(json, "FunctionVersion") ?? string.Empty,
            Description = Json.Text(json, "Description"),
            RevisionId = Json.Text(json, "RevisionId"),
        };
    }
}
