using System;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// The AWS CLI pointed at a moto server: the second path through which tests observe effects,
    /// independent of the module's own clients.
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
            var start = new ProcessStartInfo("aws")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add("--endpoint-url");
            start.ArgumentList.Add(moto.Endpoint);
            start.ArgumentList.Add("--output");
            start.ArgumentList.Add("json");
            start.Environment["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey;
            if (!start.Environment.ContainsKey("AWS_DEFAULT_REGION") || Array.IndexOf(args, "--region") < 0)
            {
                start.Environment["AWS_DEFAULT_REGION"] = MotoServer.DefaultRegion;
            }

            start.Environment.Remove("AWS_PROFILE");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("aws did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"aws {string.Join(" ", args)} failed ({process.ExitCode}): {stderr.Result}");
            }

            return stdout.Result;
        }
    }
}
