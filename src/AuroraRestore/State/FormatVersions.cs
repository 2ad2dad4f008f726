using AuroraRestore.Common;

namespace AuroraRestore.State
{
    /// <summary>
    /// Which record formats each pipeline major version writes (docs/formats): state and audit items follow the major
    /// version (1, 2, 3); SNS messages stay v1 until 3.0.
    /// </summary>
    public static class FormatVersions
    {
        public static int Major(string pipelineVersion)
        {
            var dot = pipelineVersion.IndexOf('.');
            var head = dot < 0 ? pipelineVersion : pipelineVersion.Substring(0, dot);
            if (int.TryParse(head, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) && major >= 1 && major <= 3)
            {
                return major;
            }

            throw new AuroraRestoreException(
                "UnknownPipelineVersion", FailureCategory.InvalidData, pipelineVersion,
                $"'{pipelineVersion}' is not a pipeline version this module knows (1.x, 2.x, 3.x).",
                "Check the PipelineVersion output of the main stack, or update the module.");
        }

        public static int StateFormatFor(string pipelineVersion) => Major(pipelineVersion);

        public static int AuditFormatFor(string pipelineVersion) => Major(pipelineVersion);

        public static int SnsFormatFor(string pipelineVersion) => Major(pipelineVersion) >= 3 ? 3 : 1;

        /// <summary>3.0 puts CloudWatch metrics per step.</summary>
        public static bool PutsMetrics(string pipelineVersion) => Major(pipelineVersion) >= 3;

        /// <summary>2.0 added the StatusIndex (status, updated_at) that -InProgress queries.</summary>
        public static bool HasStatusIndex(string pipelineVersion) => Major(pipelineVersion) >= 2;
    }
}
