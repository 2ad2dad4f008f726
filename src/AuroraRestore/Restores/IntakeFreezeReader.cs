using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// Reads the intake freeze an upgrade sets in the control table (pk=freeze, sk=intake, with <c>until</c> and
    /// <c>reason</c>). A pipeline that never upgraded has no record, or no control table: both mean "not frozen".
    /// </summary>
    public sealed class IntakeFreezeReader
    {
        private readonly IAmazonDynamoDB dynamoDb;
        private readonly string controlTableName;

        public IntakeFreezeReader(IAmazonDynamoDB dynamoDb, string controlTableName)
        {
            this.dynamoDb = dynamoDb;
            this.controlTableName = controlTableName;
        }

        /// <returns>The freeze in force at <paramref name="now"/>, or null.</returns>
        public async Task<IntakeFreeze?> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            GetItemResponse response;
            try
            {
                response = await dynamoDb.GetItemAsync(
                    new GetItemRequest
                    {
                        TableName = controlTableName,
                        Key = new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = "freeze" }, ["sk"] = new AttributeValue { S = "intake" } },
                        ConsistentRead = true,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }

            if (response.Item == null || response.Item.Count == 0)
            {
                return null;
            }

            var until = IsoTime.Parse(AttributeJson.GetS(response.Item, "until"));
            if (until.HasValue && until.Value <= now)
            {
                return null;
            }

            return new IntakeFreeze(until, AttributeJson.GetS(response.Item, "reason") ?? "an upgrade is in progress");
        }
    }
}
