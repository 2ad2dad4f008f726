using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;

namespace AuroraRestore.Tests.Support
{
    /// <summary>
    /// A moto server on a free loopback port, started by a test class and always stopped with it.
    /// Tests never reach real AWS: every client they build points at <see cref="Endpoint"/>.
    /// </summary>
    public sealed class MotoServer : IDisposable
    {
        public const string AccessKey = "testing";
        public const string SecretKey = "testing";
        public const string DefaultRegion = "us-east-1";

        private readonly Process process;
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        public MotoServer()
            : this(null)
        {
        }

        /// <summary>
        /// A server started with extra environment variables (e.g. INITIAL_NO_AUTH_ACTION_COUNT to make moto check signatures).
        /// Internal, not public: xunit requires a class fixture to have exactly one public constructor.
        /// </summary>
        internal MotoServer(IReadOnlyDictionary<string, string>? environment)
        {
            Port = LoopbackPort.Free();
            var start = new ProcessStartInfo("python3", $"-m moto.server -H 127.0.0.1 -p {Port}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["MOTO_ALLOW_NONEXISTENT_REGION"] = "true";
            if (environment != null)
            {
                foreach (var variable in environment)
                {
                    start.Environment[variable.Key] = variable.Value;
                }
            }

            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            WaitUntilAnswering();
        }

        public int Port { get; }

        public string Endpoint => $"http://127.0.0.1:{Port}";

        /// <summary>Forgets every resource: called between tests that share a server.</summary>
        public void Reset()
        {
            using var response = Http.PostAsync(Endpoint + "/moto-api/reset", new StringContent(string.Empty)).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        private void WaitUntilAnswering()
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"moto exited with code {process.ExitCode} before answering on port {Port}");
                }

                try
                {
                    using var response = Http.GetAsync(Endpoint + "/moto-api/").GetAwaiter().GetResult();
                    return;
                }
                catch (HttpRequestException)
                {
                    Thread.Sleep(100);
                }
            }

            Dispose();
            throw new TimeoutException($"moto did not answer on port {Port} within 30 s");
        }
    }
}
