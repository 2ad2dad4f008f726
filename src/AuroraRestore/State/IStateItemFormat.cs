using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.State
{
    /// <summary>One state item format (v1, v2, v3): writes an <see cref="OperationRecord"/> as an item and reads it back.</summary>
    public interface IStateItemFormat
    {
        int Version { get; }

        Dictionary<string, AttributeValue> Write(OperationRecord record);

        OperationRecord Read(Dictionary<string, AttributeValue> item);
    }
}
