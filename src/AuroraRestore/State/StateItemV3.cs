using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>State items of pipeline 3.0: v2 plus pipeline_version, step_history and duration_ms.</summary>
    public sealed class StateItemV3 : StateItemV2
    {
        public StateItemV3(string pipelineVersion)
        {
            WriterPipelineVersion = pipelineVersion;
        }

        public override int Version => 3;

        /// <summary>The version this writer stamps into <c>pipeline_version</c>.</summary>
        public string WriterPipelineVersion { get; }

        public override Dictionary<string, AttributeValue> Write(OperationRecord record)
        {
            var item = base.Write(record);
            item["pipeline_version"] = AttributeJson.S(WriterPipelineVersion);
            item["step_history"] = new AttributeValue
            {
                L = record.StepHistory.Select(run =>
                {
                    var entry = new Dictionary<string, AttributeValue>
                    {
                        ["step"] = AttributeJson.S(run.Step),
                        ["status"] = AttributeJson.S(run.Status),
                        ["started_at"] = AttributeJson.S(IsoTime.Format(run.StartedAt)),
                        ["attempts"] = AttributeJson.N(run.Attempts),
                    };
                    if (run.EndedAt.HasValue)
                    {
                        entry["ended_at"] = AttributeJson.S(IsoTime.Format(run.EndedAt.Value));
                    }

                    return new AttributeValue { M = entry };
                }).ToList(),
            };
            if (record.DurationMs.HasValue)
            {
                item["duration_ms"] = AttributeJson.N(record.DurationMs.Value);
            }

            return item;
        }

        public override OperationRecord Read(Dictionary<string, AttributeValue> item)
        {
            var record = base.Read(item);
            record.PipelineVersion = AttributeJson.GetS(item, "pipeline_version");
            record.DurationMs = AttributeJson.GetN(item, "duration_ms");
            if (item.TryGetValue("step_history", out var history) && history.L != null)
            {
                foreach (var entry in history.L.Where(e => e.M != null).Select(e => e.M))
                {
                    record.StepHistory.Add(new StepRun(
                        AttributeJson.GetS(entry, "step") ?? string.Empty,
                        AttributeJson.GetS(entry, "status") ?? string.Empty,
                        IsoTime.Parse(AttributeJson.GetS(entry, "started_at")) ?? default(DateTimeOffset),
                        IsoTime.Parse(AttributeJson.GetS(entry, "ended_at")),
                        (int)(AttributeJson.GetN(entry, "attempts") ?? 1)));
                }
            }

            return record;
        }
    }
}
