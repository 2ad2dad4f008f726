using System.Collections.Generic;

namespace AuroraRestore.Notifications
{
    /// <summary>An SNS message ready to publish: the JSON body and the message attributes every format carries.</summary>
    public sealed class SnsMessage
    {
        public SnsMessage(string body, string status, int formatVersion)
        {
            Body = body;
            Attributes = new Dictionary<string, string>
            {
                ["status"] = status,
                ["format_version"] = formatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            FormatVersion = formatVersion;
        }

        public string Body { get; }

        public IDictionary<string, string> Attributes { get; }

        public int FormatVersion { get; }
    }
}
