using System;
using System.Net;

namespace AuroraRestore.Aws
{
    /// <summary>
    /// An error answered by an AWS service (or by moto standing in for one), whatever its wire protocol.
    /// One type for every hand-written client so callers can switch on <see cref="ErrorCode"/>.
    /// </summary>
    public sealed class AwsServiceException : Exception
    {
        public AwsServiceException(string service, string operation, string errorCode, string message, string? requestId, HttpStatusCode statusCode)
            : base($"{service} {operation} failed: {errorCode}: {message}")
        {
            Service = service;
            Operation = operation;
            ErrorCode = errorCode;
            ServiceMessage = message;
            RequestId = requestId;
            StatusCode = statusCode;
        }

        public string Service { get; }

        public string Operation { get; }

        /// <summary>The service's error code, e.g. ValidationError, ResourceNotFoundException, AccessDenied.</summary>
        public string ErrorCode { get; }

        public string ServiceMessage { get; }

        public string? RequestId { get; }

        public HttpStatusCode StatusCode { get; }
    }
}
