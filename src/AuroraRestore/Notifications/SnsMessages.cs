using AuroraRestore.State;

namespace AuroraRestore.Notifications
{
    /// <summary>Builds the message in the format the deployed pipeline version publishes.</summary>
    public static class SnsMessages
    {
        public static SnsMessage Build(NotificationContent content, string pipelineVersion)
            => FormatVersions.SnsFormatFor(pipelineVersion) >= 3 ? SnsMessageV3.Build(content) : SnsMessageV1.Build(content);
    }
}
