using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// botocore's own Query serializer, run in python3: the reference our hand-written clients' form bodies are compared with
    /// (member names, list and map flattening, timestamps), field for field.
    /// </summary>
    public static class Botocore
    {
        private const string Script = @"
import json, sys
import botocore.session
from botocore import serialize
service, operation = sys.argv[1], sys.argv[2]
model = botocore.session.get_session().get_service_model(service).operation_model(operation)
body = serialize.create_serializer('query').serialize_to_request(json.loads(sys.stdin.read()), model)['body']
print(json.dumps({k: v if isinstance(v, str) else repr(v) for k, v in body.items()}))
";

        /// <summary>The form fields botocore sends for <paramref name="operation"/> with <paramref name="parameters"/> (boto3's shape).</summary>
        public static IReadOnlyDictionary<string, string> SerializeQuery(string service, string operation, JsonObject parameters)
        {
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(service);
            start.ArgumentList.Add(operation);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            process.StandardInput.Write(parameters.ToJsonString());
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"botocore could not serialize {service} {operation}: {stderr.Result}");
            }

            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(stdout.Result)
                ?? throw new InvalidOperationException("botocore printed nothing");
            return new SortedDictionary<string, string>(fields, StringComparer.Ordinal);
        }

        /// <summary>Doubles are written by botocore with Python's repr ("30.0") and by us round-trip ("30"): compare the numbers.</summary>
        public static void AssertSameFields(IReadOnlyDictionary<string, string> botocore, IReadOnlyDictionary<string, string> ours, params string[] numericKeys)
        {
            var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (source, target) in new[] { (botocore, expected), (ours, actual) })
            {
                foreach (var field in source)
                {
                    var numeric = Array.IndexOf(numericKeys, field.Key) >= 0;
                    target[field.Key] = numeric
                        ? double.Parse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)
                        : field.Value;
                }
            }

            Xunit.Assert.Equal(expected, actual);
        }
    }
}
