using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AuroraRestore.Tests.Migrations
{
    /// <summary>
    /// A real DynamoDB client (pointed at moto) with hooks in front of chosen calls: the seam through which tests make
    /// things happen that moto never does by itself, such as another writer updating an item between the runner's read
    /// and its write, or DynamoDB leaving batch items unprocessed.
    /// </summary>
    public class InterceptingDynamoDb : DispatchProxy
    {
        private IAmazonDynamoDB inner = null!;

        public Func<PutItemRequest, CancellationToken, Task>? BeforePutItem { get; set; }

        /// <summary>Replaces BatchWriteItem: gets the request and the real call.</summary>
        public Func<BatchWriteItemRequest, Func<BatchWriteItemRequest, Task<BatchWriteItemResponse>>, Task<BatchWriteItemResponse>>? BatchWriteItem { get; set; }

        public Action<ScanRequest>? BeforeScan { get; set; }

        public static (IAmazonDynamoDB Client, InterceptingDynamoDb Hooks) Wrap(IAmazonDynamoDB inner)
        {
            var client = Create<IAmazonDynamoDB, InterceptingDynamoDb>();
            var hooks = (InterceptingDynamoDb)(object)client;
            hooks.inner = inner;
            return (client, hooks);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IAmazonDynamoDB.PutItemAsync) && args![0] is PutItemRequest put && BeforePutItem != null)
            {
                return PutAsync(put, (CancellationToken)args[1]!);
            }

            if (targetMethod.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && args![0] is BatchWriteItemRequest batch && BatchWriteItem != null)
            {
                return BatchWriteItem(batch, request => inner.BatchWriteItemAsync(request, (CancellationToken)args[1]!));
            }

            if (targetMethod.Name == nameof(IAmazonDynamoDB.ScanAsync) && args![0] is ScanRequest scan)
            {
                BeforeScan?.Invoke(scan);
            }

            try
            {
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private async Task<PutItemResponse> PutAsync(PutItemRequest request, CancellationToken cancellationToken)
        {
            await BeforePutItem!(request, cancellationToken).ConfigureAwait(false);
            return await inner.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
