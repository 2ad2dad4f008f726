using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// Runs AWS CLI commands and boto3 snippets in long-lived Python processes (tests/support/aws_host.py) instead of one
    /// process per call: the CLI's own driver, in process, so the requests and output are the CLI's, without its half a
    /// second of start-up each time. A small pool, because xunit runs test classes side by side; a process is used by
    /// one call at a time. The processes end when this one does (their stdin closes).
    /// </summary>
    internal static class AwsHost
    {
        private static readonly ConcurrentBag<HostProcess> Idle = new ConcurrentBag<HostProcess>();

        /// <summary>Runs the request; returns the exit code and what was written to stdout and stderr.</summary>
        public static (int ExitCode, string Stdout, string Stderr) Run(JsonObject request, IDictionary<string, string> awsEnvironment)
        {
            var environment = new JsonObject();
            foreach (var pair in awsEnvironment)
            {
                environment[pair.Key] = pair.Value;
            }

            request["env"] = environment;
            var host = Idle.TryTake(out var idle) ? idle : HostProcess.Start();
            try
            {
                var answer = host.Ask(request.ToJsonString());
                Idle.Add(host);
                return answer;
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The AWS_* variables a child process started now would inherit, with <paramref name="overrides"/> applied (a null
        /// value removes the variable): the host sets exactly these for each call.
        /// </summary>
        public static Dictionary<string, string> InheritedAwsEnvironment(IDictionary<string, string?> overrides)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                var name = (string)entry.Key;
                if (name.StartsWith("AWS_", StringComparison.Ordinal))
                {
                    variables[name] = (string)entry.Value!;
                }
            }

            foreach (var pair in overrides)
            {
                if (pair.Value == null)
                {
                    variables.Remove(pair.Key);
                }
                else
                {
                    variables[pair.Key] = pair.Value;
                }
            }

            return variables;
        }

        private sealed class HostProcess : IDisposable
        {
            private readonly Process process;
            private readonly System.Threading.Tasks.Task<string> stderr;

            private HostProcess(Process process)
            {
                this.process = process;
                stderr = process.StandardError.ReadToEndAsync();
            }

            public static HostProcess Start()
            {
                var script = Path.Combine(AppContext.BaseDirectory, "aws_host.py");
                var start = new ProcessStartInfo("python3")
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                start.ArgumentList.Add(script);
                return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"));
            }

            public (int ExitCode, string Stdout, string Stderr) Ask(string requestLine)
            {
                process.StandardInput.WriteLine(requestLine);
                process.StandardInput.Flush();
                var line = process.StandardOutput.ReadLine();
                if (line == null)
                {
                    process.WaitForExit();
                    throw new InvalidOperationException($"tests/support/aws_host.py ended ({process.ExitCode}): {stderr.Result}");
                }

                var answer = JsonNode.Parse(line)!;
                return ((int)answer["rc"]!, (string)answer["out"]!, (string)answer["err"]!);
            }

            public void Dispose()
            {
                try
                {
                    process.StandardInput.Close();
                    if (!process.WaitForExit(5000))
                    {
                        process.Kill();
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                process.Dispose();
            }
        }
    }
}
