using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ZtFleet.Api.Errors;

/// <summary>
/// A request whose bytes do not decode (a protobuf message cut short or malformed, a frame shorter than its length
/// prefix) is the caller's mistake: INVALID_ARGUMENT. Grpc.AspNetCore reads and decodes the request before any
/// interceptor runs and answers such a request itself, as UNKNOWN ("Exception was thrown by handler.") or INTERNAL
/// ("Incomplete message."), which would read as a fault of the server.
/// </summary>
/// <remarks>
/// <see cref="Decoded"/>, the outermost interceptor, marks every call whose request decoded. A gRPC response that
/// starts as UNKNOWN or INTERNAL for a call never marked failed before the service was reached, so its status is
/// rewritten (a trailers-only response carries it in the headers, still writable until the response starts).
/// </remarks>
public static class UndecodableRequests
{
    /// <summary>The message of the INVALID_ARGUMENT that replaces the framework's answer.</summary>
    public const string Message = "The request message could not be decoded: it is truncated or not a valid protobuf encoding of the request type.";

    private static readonly object DecodedKey = new();

    /// <summary>Rewrites the status of gRPC requests that failed to decode (before the services are mapped).</summary>
    public static IApplicationBuilder UseUndecodableRequestsAsInvalid(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                if (!http.Items.ContainsKey(DecodedKey)
                    && http.Response.Headers["grpc-status"] is [var status]
                    && status is "2" or "13")
                {
                    http.Response.Headers["grpc-status"] = "3";
                    http.Response.Headers["grpc-message"] = Message;
                }

                return Task.CompletedTask;
            }, context);
        }

        return next(context);
    });

    /// <summary>Marks a call whose request decoded (it reached the interceptors).</summary>
    public sealed class Decoded : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            context.GetHttpContext().Items[DecodedKey] = true;
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(
            TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            context.GetHttpContext().Items[DecodedKey] = true;
            return continuation(request, responseStream, context);
        }

        /// <summary>
        /// A client stream's messages are decoded as the service reads them, after this runs: a message that does not
        /// decode is refused as INVALID_ARGUMENT where it is read (<c>RequestLimitsInterceptor</c>'s reader).
        /// </summary>
        public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
            IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        {
            context.GetHttpContext().Items[DecodedKey] = true;
            return continuation(requestStream, context);
        }

        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
            IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            context.GetHttpContext().Items[DecodedKey] = true;
            return continuation(requestStream, responseStream, context);
        }
    }
}
