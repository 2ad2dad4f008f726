using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Migrations;
using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>
    /// Items through the AWS CLI, the second path: seeding with batch-write-item and reading back with scan, parsed
    /// from DynamoDB JSON independently of the module's own client.
    /// </summary>
    public static class CliItems
    {
        public static void CreateTable(MotoServer moto, string table, bool withRange = false)
        {
            var args = new List<string> { "dynamodb", "create-table", "--table-name", table, "--billing-mode", "PAY_PER_REQUEST" };
            if (withRange)
            {
                args.AddRange(new[] { "--attribute-definitions", "AttributeName=operation_id,AttributeType=S", "AttributeName=timestamp,AttributeType=S", "--key-schema", "AttributeName=operation_id,KeyType=HASH", "AttributeName=timestamp,KeyType=RANGE" });
            }
            else
            {
                args.AddRange(new[] { "--attribute-definitions", "AttributeName=operation_id,AttributeType=S", "--key-schema", "AttributeName=operation_id,KeyType=HASH" });
            }

            AwsCli.Run(moto, args.ToArray());
        }

        /// <summary>Writes the items with `aws dynamodb batch-write-item`, 25 per call.</summary>
        public static void Seed(MotoServer moto, string table, IReadOnlyList<Dictionary<string, AttributeValue>> items)
        {
            for (var i = 0; i < items.Count; i += 25)
            {
                var requests = string.Join(",", items.Skip(i).Take(25).Select(item => "{\"PutRequest\":{\"Item\":" + DynamoJson.Write(item) + "}}"));
                var file = Path.Combine(Path.GetTempPath(), "ar-seed-" + Guid.NewGuid().ToString("N") + ".json");
                File.WriteAllText(file, "{\"" + table + "\":[" + requests + "]}");
                try
                {
                    var answer = AwsCli.Json(moto, "dynamodb", "batch-write-item", "--request-items", "file://" + file);
                    if (answer?["UnprocessedItems"] is JsonObject unprocessed && unprocessed.Count > 0)
                    {
                        throw new InvalidOperationException("moto left items unprocessed while seeding");
                    }
                }
                finally
                {
                    File.Delete(file);
                }
            }
        }

        /// <summary>Writes the items with a raw SDK client (fast; for tests whose subject is not the seeding).</summary>
        public static void SeedWithSdk(MotoServer moto, string table, IReadOnlyList<Dictionary<string, AttributeValue>> items)
        {
            using var db = TestContexts.For(moto).CreateDynamoDb();
            for (var i = 0; i < items.Count; i += 25)
            {
                var response = db.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = items.Skip(i).Take(25).Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList() },
                }).GetAwaiter().GetResult();
                if (response.UnprocessedItems is { Count: > 0 })
                {
                    throw new InvalidOperationException("moto left items unprocessed while seeding");
                }
            }
        }

        /// <summary>Every item of the table through `aws dynamodb scan` (the CLI pages by itself).</summary>
        public static List<Dictionary<string, AttributeValue>> Scan(MotoServer moto, string table)
            => AwsCli.Json(moto, "dynamodb", "scan", "--table-name", table)!["Items"]!.AsArray().Select(i => Item((JsonObject)i!)).ToList();

        public static Dictionary<string, AttributeValue> Item(JsonObject json)
            => json.ToDictionary(e => e.Key, e => Value((JsonObject)e.Value!));

        public static AttributeValue Value(JsonObject json)
        {
            var (type, node) = json.Single();
            return type switch
            {
                "S" => new AttributeValue { S = (string)node! },
                "N" => new AttributeValue { N = (string)node! },
                "B" => new AttributeValue { B = new MemoryStream(Convert.FromBase64String((string)node!)) },
                "SS" => new AttributeValue { SS = node!.AsArray().Select(v => (string)v!).ToList() },
                "NS" => new AttributeValue { NS = node!.AsArray().Select(v => (string)v!).ToList() },
                "BS" => new AttributeValue { BS = node!.AsArray().Select(v => new MemoryStream(Convert.FromBase64String((string)v!))).ToList() },
                "M" => new AttributeValue { M = Item((JsonObject)node!) },
                "L" => new AttributeValue { L = node!.AsArray().Select(v => Value((JsonObject)v!)).ToList() },
                "NULL" => new AttributeValue { NULL = true },
                "BOOL" => new AttributeValue { BOOL = (bool)node! },
                _ => throw new InvalidOperationException("unknown DynamoDB JSON type " + type),
            };
        }

        /// <summary>Items keyed by their key attributes (operation_id, and timestamp for audit tables), for comparing two scans item by item.</summary>
        public static Dictionary<string, Dictionary<string, AttributeValue>> ByKey(IEnumerable<Dictionary<string, AttributeValue>> items, bool audit = false)
            => items.ToDictionary(i => i["operation_id"].S + (audit ? "|" + i["timestamp"].S : string.Empty));
    }
}
