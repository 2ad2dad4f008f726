using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;

namespace AuroraRestore.Tests.Support
{
    /// <summary>An IOperationLog that keeps every line, so tests can check what was (and was not) narrated or sent.</summary>
    public sealed class RecordingLog : IOperationLog
    {
        private readonly ConcurrentQueue<string> verbose = new ConcurrentQueue<string>();
        private readonly ConcurrentQueue<string> warnings = new ConcurrentQueue<string>();

        public IReadOnlyList<string> VerboseLines => verbose.ToList();

        public IReadOnlyList<string> Warnings => warnings.ToList();

        public string AllText => string.Join("\n", verbose.Concat(warnings));

        public void Verbose(string message) => verbose.Enqueue(message);

        public void Warning(string message) => warnings.Enqueue(message);

        public void Progress(ProgressReport report)
        {
        }
    }
}
