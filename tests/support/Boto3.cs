using System;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// boto3 against the moto server, in one python process: a second path for checks that would take many AWS CLI calls
    /// (each costs about half a second of start-up). The snippet gets <c>client(service)</c> and <c>emit(value)</c>, like
    /// Invoke-Boto3 in Moto.psm1.
    /// </summary>
    public static class Boto3
    {
        public static JsonNode? Run(MotoServer moto, string script)
        {
            var prelude = $@"
import boto3, json, sys
def client(service, region='{MotoServer.DefaultRegion}'):
    return boto3.client(service, region_name=region, endpoint_url='{moto.Endpoint}', aws_access_key_id='{MotoServer.AccessKey}', aws_secret_access_key='{MotoServer.SecretKey}')
def emit(value):
    json.dump(value, sys.stdout, default=repr)
";
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-");
            start.Environment.Remove("AWS_PROFILE");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            process.StandardInput.Write(prelude + "\n" + script);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"boto3 script failed ({process.ExitCode}): {stderr.Result}");
            }

            return string.IsNullOrWhiteSpace(stdout.Result) ? null : JsonNode.Parse(stdout.Result);
        }
    }
}
