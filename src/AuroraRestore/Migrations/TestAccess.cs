using System.Runtime.CompilerServices;

// The runner's internal parts (write slots, pacing, the parallelism controller) are tested on their own.
[assembly: InternalsVisibleTo("AuroraRestore.Tests")]
