using System;
using System.Collections.Generic;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Control;

namespace AuroraRestore.Copies
{
    /// <summary>
    /// The target's record of a copy in its control table (pk "copy", sk "current"): written before the install starts and
    /// completed after the last item is copied, so that a copy stopped half-way (StateCopyThrottled, a lost connection)
    /// is finished by running the same Copy-RestorePipeline again instead of being refused as an existing pipeline.
    /// </summary>
    public sealed class CopyRecord
    {
        public const string PartitionKey = "copy";
        public const string SortKey = "current";
        public const string InProgressStatus = "in_progress";
        public const string CompleteStatus = "complete";

        public string Source { get; set; } = string.Empty;

        public string Version { get; set; } = string.Empty;

        public bool IncludeState { get; set; }

        public bool Anonymize { get; set; }

        /// <summary>in_progress until every item is copied, then complete.</summary>
        public string Status { get; set; } = InProgressStatus;

        public DateTimeOffset StartedAt { get; set; }

        /// <summary>How many times a copy was started (1, then 2 after one resume, ...).</summary>
        public long Attempts { get; set; } = 1;

        public long StateItems { get; set; }

        public long AuditItems { get; set; }

        public bool IsComplete => Status == CompleteStatus;

        public ControlRecord ToControlRecord()
            => new ControlRecord(PartitionKey, SortKey, new Dictionary<string, AttributeValue>
            {
                ["source"] = new AttributeValue { S = Source },
                ["version"] = new AttributeValue { S = Version },
                ["include_state"] = new AttributeValue { BOOL = IncludeState },
                ["anonymize"] = new AttributeValue { BOOL = Anonymize },
                ["status"] = new AttributeValue { S = Status },
                ["started_at"] = new AttributeValue { S = StartedAt.ToString("o", CultureInfo.InvariantCulture) },
                ["updated_at"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture) },
                ["attempts"] = new AttributeValue { N = Attempts.ToString(CultureInfo.InvariantCulture) },
                ["state_items"] = new AttributeValue { N = StateItems.ToString(CultureInfo.InvariantCulture) },
                ["audit_items"] = new AttributeValue { N = AuditItems.ToString(CultureInfo.InvariantCulture) },
            });

        public static CopyRecord FromControlRecord(ControlRecord record)
            => new CopyRecord
            {
                Source = record.GetString("source") ?? string.Empty,
                Version = record.GetString("version") ?? string.Empty,
                IncludeState = record.Attributes.TryGetValue("include_state", out var state) && state.BOOL == true,
                Anonymize = record.Attributes.TryGetValue("anonymize", out var anonymize) && anonymize.BOOL == true,
                Status = record.GetString("status") ?? InProgressStatus,
                StartedAt = DateTimeOffset.TryParse(record.GetString("started_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) ? started : DateTimeOffset.MinValue,
                Attempts = record.GetNumber("attempts") ?? 1,
                StateItems = record.GetNumber("state_items") ?? 0,
                AuditItems = record.GetNumber("audit_items") ?? 0,
            };
    }
}
