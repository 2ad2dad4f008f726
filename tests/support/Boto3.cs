using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// boto3 against the moto server, in the long-lived python process of <see cref="AwsHost"/>: a second path for checks that would take
    /// many AWS CLI calls. The snippet gets <c>client(service)</c> and <c>emit(value)</c>, like
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
            var (exitCode, stdout, stderr) = AwsHost.Run(
                new JsonObject { ["boto3"] = prelude + "\n" + script },
                AwsHost.InheritedAwsEnvironment(new Dictionary<string, string?> { ["AWS_PROFILE"] = null }));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"boto3 script failed ({exitCode}): {stderr}");
            }

            return string.IsNullOrWhiteSpace(stdout) ? null : JsonNode.Parse(stdout);
        }
    }
}
