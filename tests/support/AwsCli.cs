using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// The AWS CLI pointed at a moto server: the second path through which tests observe effects,
    /// independent of the module's own clients. Run by <see cref="AwsHost"/>: the CLI's driver in a long-lived process.
    /// </summary>
    public static class AwsCli
    {
        public static JsonNode? Json(MotoServer moto, params string[] args)
        {
            var text = Run(moto, args);
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }

        public static string Run(MotoServer moto, params string[] args)
        {
            var command = new JsonArray();
            foreach (var arg in args)
            {
                command.Add(arg);
            }

            command.Add("--endpoint-url");
            command.Add(moto.Endpoint);
            command.Add("--output");
            command.Add("json");
            var overrides = new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
                ["AWS_PROFILE"] = null,
            };
            if (Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") == null || Array.IndexOf(args, "--region") < 0)
            {
                overrides["AWS_DEFAULT_REGION"] = MotoServer.DefaultRegion;
            }

            var (exitCode, stdout, stderr) = AwsHost.Run(new JsonObject { ["cli"] = command }, AwsHost.InheritedAwsEnvironment(overrides));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"aws {string.Join(" ", args)} failed ({exitCode}): {stderr}");
            }

            return stdout;
        }
    }
}
