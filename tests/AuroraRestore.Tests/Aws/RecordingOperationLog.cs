using System.Collections.Generic;
using AuroraRestore.Common;

namespace AuroraRestore.Tests.Aws
{
    /// <summary>Keeps every narrated line so tests can check what was (and was not) told to the user.</summary>
    public sealed class RecordingOperationLog : IOperationLog
    {
        private readonly List<string> lines = new List<string>();

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return lines.ToArray();
                }
            }
        }

        public void Verbose(string message)
        {
            lock (lines)
            {
                lines.Add("VERBOSE: " + message);
            }
        }

        public void Warning(string message)
        {
            lock (lines)
            {
                lines.Add("WARNING: " + message);
            }
        }

        public void Progress(ProgressReport report)
        {
        }
    }
}
