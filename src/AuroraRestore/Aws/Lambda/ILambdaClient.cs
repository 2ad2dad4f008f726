using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Aws.Lambda
{
    /// <summary>
    /// The Lambda operations the module uses (botocore: lambda/2015-03-31, REST-JSON). Versions and the
    /// <c>live</c> aliases are managed here, never by the templates (moto drops AWS::Lambda::Alias).
    /// </summary>
    public interface ILambdaClient : IDisposable
    {
        /// <returns>The function's $LATEST (or <paramref name="qualifier"/>) configuration, or null when it does not exist.</returns>
        Task<LambdaFunctionConfiguration?> GetFunctionConfigurationAsync(string functionName, string? qualifier, CancellationToken cancellationToken);

        /// <summary>Code location of the function (or of a version): where its package can be downloaded.</summary>
        Task<LambdaFunctionCode> GetFunctionCodeAsync(string functionName, string? qualifier, CancellationToken cancellationToken);

        Task<LambdaFunctionConfiguration> UpdateFunctionCodeFromS3Async(string functionName, string bucket, string key, CancellationToken cancellationToken);

        Task<LambdaFunctionConfiguration> PublishVersionAsync(string functionName, string? description, CancellationToken cancellationToken);

        Task<IReadOnlyList<LambdaFunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken);

        /// <returns>The alias, or null when it does not exist.</returns>
        Task<LambdaAlias?> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken);

        Task<LambdaAlias> CreateAliasAsync(string functionName, string aliasName, string functionVersion, string? description, CancellationToken cancellationToken);

        Task<LambdaAlias> UpdateAliasAsync(string functionName, string aliasName, string functionVersion, string? description, CancellationToken cancellationToken);
    }

    public sealed class LambdaFunctionConfiguration
    {
        public string FunctionName { get; set; } = string.Empty;

        public string FunctionArn { get; set; } = string.Empty;

        public string Version { get; set; } = string.Empty;

        public string? Runtime { get; set; }

        public string? Handler { get; set; }

        public string? Role { get; set; }

        public string CodeSha256 { get; set; } = string.Empty;

        public long CodeSize { get; set; }

        public string? Description { get; set; }

        public IDictionary<string, string> Environment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>As Lambda reports it (ISO 8601, e.g. 2025-04-29T10:00:00.000+0000); kept as text to compare exactly.</summary>
        public string? LastModified { get; set; }

        /// <summary>Changes with every update; lets a caller detect that someone else changed the function meanwhile.</summary>
        public string? RevisionId { get; set; }

        /// <summary>Pending, Active, Inactive or Failed: a function is only invocable when Active.</summary>
        public string? State { get; set; }

        /// <summary>InProgress, Successful or Failed: UpdateFunctionCode finishes asynchronously; publish only once Successful.</summary>
        public string? LastUpdateStatus { get; set; }
    }

    public sealed class LambdaFunctionCode
    {
        public string? RepositoryType { get; set; }

        /// <summary>A presigned URL; never logged or exported (it grants access).</summary>
        public string? Location { get; set; }
    }

    public sealed class LambdaAlias
    {
        public string Name { get; set; } = string.Empty;

        public string AliasArn { get; set; } = string.Empty;

        public string FunctionVersion { get; set; } = string.Empty;

        public string? Description { get; set; }

        public string? RevisionId { get; set; }
    }
}
