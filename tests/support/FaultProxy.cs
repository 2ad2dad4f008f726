#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Tests.Support
{
    /// <summary>What the fault proxy does to one request instead of (or besides) forwarding it faithfully.</summary>
    public enum FaultKind
    {
        /// <summary>Answered at once with the service's throttling error in its protocol's shape; moto never sees it.</summary>
        Throttle,

        /// <summary>Answered at once with HTTP 500 or 503 in the protocol's shape; moto never sees it.</summary>
        ServerError,

        /// <summary>The connection is closed before anything is forwarded: the client gets no answer.</summary>
        DropBeforeForward,

        /// <summary>
        /// Forwarded, moto applies it, then the connection is closed before the answer: the client cannot tell whether
        /// the request took effect, and its retry must be idempotent.
        /// </summary>
        DropAfterForward,

        /// <summary>Forwarded after a delay: a slow answer that must not be mistaken for a failure.</summary>
        Slow,

        /// <summary>DynamoDB BatchWriteItem: part of the items is forwarded, the rest answered as UnprocessedItems.</summary>
        PartialBatch,
    }

    /// <summary>How often and how the fault proxy misbehaves.</summary>
    public sealed class FaultProxyOptions
    {
        /// <summary>The share of requests that get a fault (0.15 = 15%).</summary>
        public double Rate { get; set; } = 0.15;

        /// <summary>The seed of the one Random that decides every fault: the same seed and the same request order give the same faults.</summary>
        public int Seed { get; set; } = 1;

        /// <summary>The kinds drawn from (uniformly) when a request is picked for a fault.</summary>
        public IReadOnlyList<FaultKind> Kinds { get; set; } = (FaultKind[])Enum.GetValues(typeof(FaultKind));

        /// <summary>How long a <see cref="FaultKind.Slow"/> answer is held back.</summary>
        public TimeSpan SlowDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// Which requests ("Service Operation", e.g. "dynamodb PutItem") may be dropped after they reached moto. Null: any.
        /// A test narrows this only with a reason: a write that AWS itself does not make idempotent.
        /// </summary>
        public Func<string, bool>? DropAfterForwardWhere { get; set; }
    }

    /// <summary>One fault the proxy injected.</summary>
    public sealed class InjectedFault
    {
        public InjectedFault(FaultKind kind, string service, string operation)
        {
            Kind = kind;
            Service = service;
            Operation = operation;
        }

        public FaultKind Kind { get; }

        public string Service { get; }

        public string Operation { get; }

        public override string ToString() => $"{Kind} {Service} {Operation}";
    }

    /// <summary>
    /// A loopback HTTP proxy between the module and moto that injects, per request and with a seeded Random, the
    /// failures AWS really produces: throttling (in each protocol's own error shape), 500/503, connections dropped before
    /// or after the request reached moto, slow answers, and BatchWriteItem answers with part of the items unprocessed.
    /// The module points at it with -EndpointUrl like at any endpoint. Every fault is counted per kind so a test can
    /// assert both that faults happened and that the module's reported retries account for them.
    /// Only the base class library is used, so that Pester can compile it with Add-Type.
    /// </summary>
    public sealed class FaultProxy : IDisposable
    {
        private static readonly HashSet<string> HopHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Proxy-Connection", "TE", "Upgrade", "Host",
        };

        private static readonly Regex ScopeService = new Regex(@"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request", RegexOptions.CultureInvariant);
        private static readonly Regex SdkAttempt = new Regex(@"attempt=(\d+)", RegexOptions.CultureInvariant);

        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly HttpClient forward;
        private readonly Uri target;
        private readonly FaultProxyOptions options;
        private readonly Random random;
        private readonly object gate = new object();
        private readonly ConcurrentQueue<InjectedFault> faults = new ConcurrentQueue<InjectedFault>();
        private readonly ConcurrentQueue<string> calls = new ConcurrentQueue<string>();
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private readonly Task loop;
        private long requests;
        private long sdkRetriesSeen;

        public FaultProxy(string targetEndpoint, FaultProxyOptions? options = null)
        {
            target = new Uri(targetEndpoint.TrimEnd('/') + "/");
            this.options = options ?? new FaultProxyOptions();
            random = new Random(this.options.Seed);
            forward = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
            {
                Timeout = TimeSpan.FromSeconds(120),
            };
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            loop = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        /// <summary>The URL to give the module as -EndpointUrl.</summary>
        public string Endpoint => $"http://127.0.0.1:{Port}";

        /// <summary>False: every request is forwarded faithfully (for a phase of a test that must not be disturbed).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Every request received, faulted or not.</summary>
        public long Requests => Interlocked.Read(ref requests);

        /// <summary>Requests that an AWS SDK client marked as a retry (amz-sdk-request: attempt=N, N &gt; 1).</summary>
        public long SdkRetriesSeen => Interlocked.Read(ref sdkRetriesSeen);

        public IReadOnlyList<InjectedFault> Faults => faults.ToArray();

        /// <summary>Every request as "service Operation" (signing name, then the operation or "METHOD /path"), in arrival order.</summary>
        public IReadOnlyList<string> Calls => calls.ToArray();

        public int Count(FaultKind kind) => faults.Count(f => f.Kind == kind);

        /// <summary>
        /// Faults after which the client must send the same request again: everything but slow answers and partial batches
        /// (whose unprocessed items are re-sent in a new, smaller request).
        /// </summary>
        public int RetryingFaults => faults.Count(f => f.Kind != FaultKind.Slow && f.Kind != FaultKind.PartialBatch);

        /// <summary>One line per kind, for test output and docs/reliability.md's figures.</summary>
        public string Summary()
            => $"{Requests} requests, {faults.Count} faults (" + string.Join(", ", ((FaultKind[])Enum.GetValues(typeof(FaultKind))).Select(k => $"{k} {Count(k)}")) + ")";

        public void Dispose()
        {
            stopping.Cancel();
            listener.Stop();
            try
            {
                loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends with the listener.
            }

            forward.Dispose();
        }

        private async Task AcceptLoop()
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => ServeConnectionAsync(socket));
            }
        }

        private async Task ServeConnectionAsync(Socket socket)
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            var reader = new ConnectionReader(stream);
            try
            {
                var request = await reader.ReadRequestAsync(stream).ConfigureAwait(false);
                if (request == null)
                {
                    return;
                }

                if (!await HandleAsync(stream, request).ConfigureAwait(false))
                {
                    // A dropped connection: reset it (RST), so the client sees the connection die without an answer.
                    socket.LingerState = new LingerOption(true, 0);
                }

                // One request per connection (every answer says Connection: close): on a reused connection .NET's
                // SocketsHttpHandler silently re-sends a request whose connection died before any answer, and a
                // dropped connection would then never reach the module's retry loop (nor its retry count).
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is HttpRequestException || ex is TaskCanceledException || ex is FormatException)
            {
                // The client went away, or moto did: the client sees a broken connection, as it would from AWS.
            }
        }

        /// <summary>Answers one request; false when the connection must be dropped instead.</summary>
        private async Task<bool> HandleAsync(Stream stream, ProxyRequest request)
        {
            Interlocked.Increment(ref requests);
            var sdkRequest = request.Header("amz-sdk-request");
            if (sdkRequest != null)
            {
                var match = SdkAttempt.Match(sdkRequest);
                if (match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1)
                {
                    Interlocked.Increment(ref sdkRetriesSeen);
                }
            }

            var call = Classify(request);
            calls.Enqueue(call.Service + " " + call.Operation);
            var fault = Draw(call);
            if (fault != null)
            {
                faults.Enqueue(new InjectedFault(fault.Value, call.Service, call.Operation));
            }

            switch (fault)
            {
                case FaultKind.Throttle:
                    await WriteAsync(stream, ThrottleAnswer(call)).ConfigureAwait(false);
                    return true;
                case FaultKind.ServerError:
                    await WriteAsync(stream, ServerErrorAnswer(call, Next(2) == 0 ? 500 : 503)).ConfigureAwait(false);
                    return true;
                case FaultKind.DropBeforeForward:
                    return false;
                case FaultKind.Slow:
                    await Task.Delay(options.SlowDelay).ConfigureAwait(false);
                    break;
                case FaultKind.PartialBatch:
                    await WriteAsync(stream, await PartialBatchAsync(request).ConfigureAwait(false)).ConfigureAwait(false);
                    return true;
            }

            var answer = await ForwardAsync(request, request.Body).ConfigureAwait(false);
            if (fault == FaultKind.DropAfterForward)
            {
                // moto has applied the request; the client never learns it.
                return false;
            }

            await WriteAsync(stream, answer).ConfigureAwait(false);
            return true;
        }

        private FaultKind? Draw(Call call)
        {
            if (!Enabled)
            {
                return null;
            }

            lock (gate)
            {
                if (random.NextDouble() >= options.Rate)
                {
                    return null;
                }

                var allowed = options.Kinds.Where(k => Applies(k, call)).ToList();
                return allowed.Count == 0 ? null : allowed[random.Next(allowed.Count)];
            }
        }

        private bool Applies(FaultKind kind, Call call) => kind switch
        {
            FaultKind.PartialBatch => call.Service == "dynamodb" && call.Operation == "BatchWriteItem" && call.BatchWrites >= 2,
            FaultKind.DropAfterForward => options.DropAfterForwardWhere == null || options.DropAfterForwardWhere(call.Service + " " + call.Operation),
            _ => true,
        };

        private int Next(int maxExclusive)
        {
            lock (gate)
            {
                return random.Next(maxExclusive);
            }
        }

        private static Call Classify(ProxyRequest request)
        {
            var scope = ScopeService.Match(request.Header("Authorization") ?? string.Empty);
            var service = scope.Success ? scope.Groups[1].Value : "s3";
            var amzTarget = request.Header("X-Amz-Target");
            if (!string.IsNullOrEmpty(amzTarget))
            {
                var operation = amzTarget.Substring(amzTarget.LastIndexOf('.') + 1);
                var writes = 0;
                if (service == "dynamodb" && operation == "BatchWriteItem")
                {
                    writes = (JsonNode.Parse(request.Body)?["RequestItems"] as JsonObject)?.Sum(t => t.Value?.AsArray().Count ?? 0) ?? 0;
                }

                return new Call(service, operation, Protocol.Json, amzTarget.Substring(0, Math.Max(0, amzTarget.LastIndexOf('.'))), writes);
            }

            if ((request.Header("Content-Type") ?? string.Empty).StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                var action = Encoding.UTF8.GetString(request.Body).Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "Action");
                return new Call(service, action != null && action.Length > 1 ? Uri.UnescapeDataString(action[1]) : "Query", Protocol.Query, string.Empty, 0);
            }

            var path = request.Target.Split('?')[0];
            return new Call(service, request.Method + " " + path, service == "s3" ? Protocol.RestXml : Protocol.RestJson, string.Empty, 0);
        }

        private Answer ThrottleAnswer(Call call)
        {
            switch (call.Protocol)
            {
                case Protocol.Json:
                    // DynamoDB throttles in two ways; both are 400s that every AWS client retries.
                    var code = call.Service == "dynamodb" && Next(2) == 0 ? "ProvisionedThroughputExceededException" : "ThrottlingException";
                    var prefix = call.Service == "dynamodb" ? "com.amazonaws.dynamodb.v20120810#" : string.Empty;
                    return Answer.Json(400, "{\"__type\":\"" + prefix + code + "\",\"message\":\"Rate exceeded (fault proxy)\"}", call.JsonVersion);
                case Protocol.Query:
                    return Answer.Xml(400, QueryError("Sender", "Throttling", "Rate exceeded (fault proxy)"));
                case Protocol.RestJson:
                    return Answer.RestJson(429, "TooManyRequestsException", "{\"Type\":\"User\",\"message\":\"Rate exceeded (fault proxy)\",\"Reason\":\"CallerRateLimitExceeded\"}");
                default:
                    return Answer.Xml(503, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate (fault proxy).</Message><RequestId>FAULTPROXY</RequestId></Error>");
            }
        }

        private static Answer ServerErrorAnswer(Call call, int status)
        {
            var code = status == 503 ? "ServiceUnavailable" : "InternalFailure";
            switch (call.Protocol)
            {
                case Protocol.Json:
                    return Answer.Json(status, "{\"__type\":\"" + (status == 503 ? "ServiceUnavailable" : "InternalServerError") + "\",\"message\":\"fault proxy\"}", call.JsonVersion);
                case Protocol.Query:
                    return Answer.Xml(status, QueryError("Receiver", code, "fault proxy"));
                case Protocol.RestJson:
                    return Answer.RestJson(status, status == 503 ? "ServiceUnavailableException" : "ServiceException", "{\"Type\":\"Service\",\"message\":\"fault proxy\"}");
                default:
                    return Answer.Xml(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + (status == 503 ? "ServiceUnavailable" : "InternalError") + "</Code><Message>fault proxy</Message><RequestId>FAULTPROXY</RequestId></Error>");
            }
        }

        private static string QueryError(string type, string code, string message)
            => "<ErrorResponse xmlns=\"http://fault.proxy/\"><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>FAULTPROXY</RequestId></ErrorResponse>";

        private async Task<Answer> PartialBatchAsync(ProxyRequest request)
        {
            // Hold back a random, non-empty part of the writes (at least one is forwarded) and answer it as UnprocessedItems,
            // together with whatever moto itself leaves unprocessed.
            var json = JsonNode.Parse(request.Body)!.AsObject();
            var items = json["RequestItems"]!.AsObject();
            var all = items.SelectMany(t => t.Value!.AsArray().Select(w => (Table: t.Key, Write: w!))).ToList();
            var held = new HashSet<int>();
            var holdCount = 1 + Next(all.Count - 1);
            while (held.Count < holdCount)
            {
                held.Add(Next(all.Count));
            }

            var forwarded = new JsonObject();
            var unprocessed = new JsonObject();
            for (var i = 0; i < all.Count; i++)
            {
                Append(held.Contains(i) ? unprocessed : forwarded, all[i].Table, all[i].Write);
            }

            json["RequestItems"] = forwarded;
            var answer = await ForwardAsync(request, Encoding.UTF8.GetBytes(json.ToJsonString())).ConfigureAwait(false);
            if (answer.Status != 200)
            {
                return answer;
            }

            var result = JsonNode.Parse(answer.BodyBytes)!.AsObject();
            if (result["UnprocessedItems"] is JsonObject fromMoto)
            {
                foreach (var table in fromMoto.ToList())
                {
                    foreach (var write in table.Value!.AsArray())
                    {
                        Append(unprocessed, table.Key, write!);
                    }
                }
            }

            result["UnprocessedItems"] = unprocessed;
            // The body changed: moto's x-amz-crc32 no longer matches it (the SDK checks it when present), so it is left out.
            return Answer.Json(200, result.ToJsonString(), "1.0");
        }

        private static void Append(JsonObject into, string table, JsonNode write)
        {
            if (into[table] is not JsonArray list)
            {
                list = new JsonArray();
                into[table] = list;
            }

            list.Add(write.DeepClone());
        }

        private async Task<Answer> ForwardAsync(ProxyRequest request, byte[] body)
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Target.TrimStart('/')));
            // moto routes some requests by Host (S3 virtual hosts): keep the one the client signed.
            message.Headers.Host = request.Header("Host");
            var content = new ByteArrayContent(body);
            foreach (var (name, value) in request.Headers)
            {
                if (HopHeaders.Contains(name))
                {
                    continue;
                }

                if (!message.Headers.TryAddWithoutValidation(name, value))
                {
                    content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (body.Length > 0 || request.Header("Content-Length") != null || request.Header("Transfer-Encoding") != null)
            {
                message.Content = content;
            }
            else
            {
                content.Dispose();
            }

            using var response = await forward.SendAsync(message, HttpCompletionOption.ResponseContentRead, stopping.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => !HopHeaders.Contains(h.Key))
                .SelectMany(h => h.Value.Select(v => (h.Key, v)))
                .ToList();
            // A HEAD answer carries the length of the body it does not send.
            var length = request.Method == "HEAD" ? response.Content.Headers.ContentLength ?? 0 : bytes.Length;
            return new Answer((int)response.StatusCode, headers, request.Method == "HEAD" ? Array.Empty<byte>() : bytes, length);
        }

        private static async Task WriteAsync(Stream stream, Answer answer)
        {
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(Reason(answer.Status)).Append("\r\n");
            foreach (var (name, value) in answer.Headers)
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            head.Append("Content-Length: ").Append(answer.ContentLength).Append("\r\n");
            head.Append("Connection: close\r\n\r\n");
            var bytes = Encoding.ASCII.GetBytes(head.ToString());
            await stream.WriteAsync(bytes).ConfigureAwait(false);
            await stream.WriteAsync(answer.BodyBytes).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        private static string Reason(int status) => status switch
        {
            200 => "OK",
            204 => "No Content",
            400 => "Bad Request",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            _ => "Status",
        };

        /// <summary>One HTTP/1.1 request as read off the connection, its body de-chunked.</summary>
        private sealed class ProxyRequest
        {
            public ProxyRequest(string method, string target, List<(string Name, string Value)> headers, byte[] body)
            {
                Method = method;
                Target = target;
                Headers = headers;
                Body = body;
            }

            public string Method { get; }

            public string Target { get; }

            public List<(string Name, string Value)> Headers { get; }

            public byte[] Body { get; }

            public string? Header(string name) => Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
        }

        /// <summary>Reads requests off one keep-alive connection (buffered, so bytes of the next request are kept).</summary>
        private sealed class ConnectionReader
        {
            private readonly Stream stream;
            private readonly byte[] buffer = new byte[64 * 1024];
            private int start;
            private int end;

            public ConnectionReader(Stream stream) => this.stream = stream;

            public async Task<ProxyRequest?> ReadRequestAsync(Stream output)
            {
                var requestLine = await ReadLineAsync().ConfigureAwait(false);
                if (requestLine == null)
                {
                    return null;
                }

                var parts = requestLine.Split(' ');
                if (parts.Length < 3)
                {
                    throw new FormatException("not an HTTP request line: " + requestLine);
                }

                var headers = new List<(string, string)>();
                for (var line = await ReadLineAsync().ConfigureAwait(false); !string.IsNullOrEmpty(line); line = await ReadLineAsync().ConfigureAwait(false))
                {
                    var colon = line.IndexOf(':');
                    headers.Add((line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
                }

                var request = new ProxyRequest(parts[0], parts[1], headers, Array.Empty<byte>());
                if (string.Equals(request.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
                {
                    var go = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");
                    await output.WriteAsync(go).ConfigureAwait(false);
                }

                byte[] body;
                if (string.Equals(request.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
                {
                    using var all = new MemoryStream();
                    while (true)
                    {
                        var size = Convert.ToInt32((await ReadLineAsync().ConfigureAwait(false) ?? "0").Split(';')[0].Trim(), 16);
                        if (size == 0)
                        {
                            // Trailers, up to the empty line.
                            while (!string.IsNullOrEmpty(await ReadLineAsync().ConfigureAwait(false)))
                            {
                            }

                            break;
                        }

                        all.Write(await ReadExactlyAsync(size).ConfigureAwait(false));
                        await ReadLineAsync().ConfigureAwait(false);
                    }

                    body = all.ToArray();
                }
                else
                {
                    var length = request.Header("Content-Length");
                    body = length == null ? Array.Empty<byte>() : await ReadExactlyAsync(long.Parse(length, System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
                }

                return new ProxyRequest(request.Method, request.Target, headers, body);
            }

            private async Task<bool> FillAsync()
            {
                if (start > 0 && start == end)
                {
                    start = end = 0;
                }

                if (end == buffer.Length)
                {
                    Array.Copy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end, buffer.Length - end)).ConfigureAwait(false);
                end += read;
                return read > 0;
            }

            private async Task<string?> ReadLineAsync()
            {
                while (true)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                    if (newline >= 0)
                    {
                        var line = Encoding.UTF8.GetString(buffer, start, newline - start).TrimEnd('\r');
                        start = newline + 1;
                        return line;
                    }

                    if (end - start == buffer.Length)
                    {
                        throw new FormatException("an HTTP header line longer than 64 KB");
                    }

                    if (!await FillAsync().ConfigureAwait(false))
                    {
                        return null;
                    }
                }
            }

            private async Task<byte[]> ReadExactlyAsync(long count)
            {
                var result = new byte[count];
                var at = 0;
                while (at < count)
                {
                    if (start == end && !await FillAsync().ConfigureAwait(false))
                    {
                        throw new IOException("the connection closed in the middle of a request body");
                    }

                    var take = (int)Math.Min(count - at, end - start);
                    Array.Copy(buffer, start, result, at, take);
                    start += take;
                    at += take;
                }

                return result;
            }
        }

        private enum Protocol
        {
            Json,
            Query,
            RestJson,
            RestXml,
        }

        private sealed class Call
        {
            public Call(string service, string operation, Protocol protocol, string targetPrefix, int batchWrites)
            {
                Service = service;
                Operation = operation;
                Protocol = protocol;
                BatchWrites = batchWrites;
                // DynamoDB speaks JSON 1.0, most other JSON services 1.1 (SSM, Step Functions' awsJson1_0 aside).
                JsonVersion = targetPrefix.StartsWith("DynamoDB", StringComparison.Ordinal) || targetPrefix.StartsWith("AWSStepFunctions", StringComparison.Ordinal) ? "1.0" : "1.1";
            }

            public string Service { get; }

            public string Operation { get; }

            public Protocol Protocol { get; }

            public int BatchWrites { get; }

            public string JsonVersion { get; }
        }

        private sealed class Answer
        {
            public Answer(int status, List<(string Name, string Value)> headers, byte[] body, long contentLength)
            {
                Status = status;
                Headers = headers;
                BodyBytes = body;
                ContentLength = contentLength;
            }

            public int Status { get; }

            public List<(string Name, string Value)> Headers { get; }

            public byte[] BodyBytes { get; }

            public long ContentLength { get; }

            public static Answer Json(int status, string body, string version) => Make(status, "application/x-amz-json-" + version, body, null);

            public static Answer Xml(int status, string body) => Make(status, "text/xml", body, null);

            public static Answer RestJson(int status, string errorType, string body) => Make(status, "application/json", body, errorType);

            private static Answer Make(int status, string contentType, string body, string? errorType)
            {
                var headers = new List<(string, string)> { ("Content-Type", contentType), ("x-amzn-RequestId", "FAULTPROXY-" + Guid.NewGuid().ToString("N")) };
                if (errorType != null)
                {
                    headers.Add(("x-amzn-ErrorType", errorType));
                }

                var bytes = Encoding.UTF8.GetBytes(body);
                return new Answer(status, headers, bytes, bytes.Length);
            }
        }
    }
}
