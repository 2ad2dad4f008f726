using System.Text.Json.Nodes;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// A pair of pure, lossless conversions of the configuration document between two formats. Both validate their
    /// input first and refuse an invalid document (ConfigurationInvalid, the id PipelineConfiguration uses) without returning anything.
    /// Neither changes its input.
    /// </summary>
    public abstract class ConfigurationEdge
    {
        protected ConfigurationEdge(int olderFormat, int newerFormat)
        {
            OlderFormat = olderFormat;
            NewerFormat = newerFormat;
        }

        public int OlderFormat { get; }

        public int NewerFormat { get; }

        public abstract JsonObject Up(JsonObject document);

        public abstract JsonObject Down(JsonObject document);
    }
}
