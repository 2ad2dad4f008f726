using System;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>
    /// One moto server for the Lambda tests, with what every test needs set up once through the AWS CLI:
    /// an execution role and a bucket holding two different function packages (built here: a zip of one small file).
    /// Each test creates its own function, so tests do not interfere and no reset is needed.
    /// </summary>
    public sealed class LambdaTestBed : IDisposable
    {
        public const string Bucket = "lambda-code";
        public const string PackageAKey = "packages/a.zip";
        public const string PackageBKey = "packages/b.zip";

        private readonly string workFolder = Path.Combine(Path.GetTempPath(), "lambda-testbed-" + Guid.NewGuid().ToString("N"));

        public LambdaTestBed()
        {
            Moto = new MotoServer();
            try
            {
                Directory.CreateDirectory(workFolder);
                var role = AwsCli.Json(
                    Moto, "iam", "create-role", "--role-name", "aurora-restore-lambda",
                    "--assume-role-policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")!;
                RoleArn = (string)role["Role"]!["Arn"]!;
                AwsCli.Run(Moto, "s3", "mb", "s3://" + Bucket);
                PackageASha256 = Upload(PackageAKey, "restore engine, version A");
                PackageBSha256 = Upload(PackageBKey, "restore engine, version B (changed)");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public MotoServer Moto { get; }

        public string RoleArn { get; } = string.Empty;

        /// <summary>Base64 SHA-256 of the package bytes, computed here: what Lambda must report as CodeSha256.</summary>
        public string PackageASha256 { get; } = string.Empty;

        public string PackageBSha256 { get; } = string.Empty;

        /// <summary>A new function from package A, created with the AWS CLI; returns its name.</summary>
        public string CreateFunction(string prefix)
        {
            var name = prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            AwsCli.Run(
                Moto, "lambda", "create-function", "--function-name", name, "--runtime", "dotnet8",
                "--handler", "AuroraRestore.LambdaHost::AuroraRestore.LambdaHost.Function::Handle",
                "--role", RoleArn, "--code", $"S3Bucket={Bucket},S3Key={PackageAKey}",
                "--description", "created by the tests", "--environment", "Variables={PIPELINE_VERSION=1.0.0,STATE_TABLE=AuroraRestoreState}");
            return name;
        }

        public void Dispose()
        {
            Moto?.Dispose();
            try
            {
                Directory.Delete(workFolder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }

        private string Upload(string key, string content)
        {
            var path = Path.Combine(workFolder, Path.GetFileName(key));
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                var entry = zip.CreateEntry("bootstrap.txt");
                using var stream = entry.Open();
                var bytes = Encoding.UTF8.GetBytes(content);
                stream.Write(bytes, 0, bytes.Length);
            }

            AwsCli.Run(Moto, "s3", "cp", path, $"s3://{Bucket}/{key}");
            return Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(path)));
        }
    }
}
