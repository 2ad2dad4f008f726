using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Common;

namespace AuroraRestore.State
{
    /// <summary>Picks the state item format: by pipeline version to write, by <c>format_version</c> to read (absent = v1).</summary>
    public static class StateItemFormats
    {
        public static IStateItemFormat ForVersion(int formatVersion, string pipelineVersion) => formatVersion switch
        {
            1 => new StateItemV1(),
            2 => new StateItemV2(),
            3 => new StateItemV3(pipelineVersion),
            _ => throw UnknownFormat(formatVersion, "state"),
        };

        public static IStateItemFormat ForPipeline(string pipelineVersion) => ForVersion(FormatVersions.StateFormatFor(pipelineVersion), pipelineVersion);

        public static int FormatOf(Dictionary<string, AttributeValue> item) => (int)(AttributeJson.GetN(item, "format_version") ?? 1);

        /// <summary>Reads an item of any known format.</summary>
        public static OperationRecord Read(Dictionary<string, AttributeValue> item)
        {
            var version = FormatOf(item);
            return ForVersion(version, AttributeJson.GetS(item, "pipeline_version") ?? string.Empty).Read(item);
        }

        internal static AuroraRestoreException UnknownFormat(int version, string what) => new AuroraRestoreException(
            "UnknownFormatVersion", FailureCategory.InvalidData, version,
            $"The {what} item has format_version {version}, which this module does not know.",
            "Update the AuroraRestore module to a version that supports this pipeline.");
    }
}
