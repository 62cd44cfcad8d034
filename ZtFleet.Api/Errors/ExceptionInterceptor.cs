using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ZtFleet.Api.Errors;

/// <summary>
/// The one place exceptions become statuses. An <see cref="RpcException"/> passes unchanged; anything else is
/// logged with its detail and reaches the caller as INTERNAL or UNAVAILABLE without its text.
/// </summary>
public sealed class ExceptionInterceptor(ILogger<ExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    private RpcException Translate(Exception ex, ServerCallContext context)
    {
        if (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
        if (ex is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or TimeoutException)
        {
            logger.LogWarning(ex, "Cluster unavailable during {Method} (trace {TraceId})", context.Method, traceId);
            return new RpcException(new Status(StatusCode.Unavailable, $"The control plane is briefly unavailable; retry. (trace {traceId})"));
        }

        logger.LogError(ex, "Unhandled error in {Method} (trace {TraceId})", context.Method, traceId);
        return new RpcException(new Status(StatusCode.Internal, $"Internal error (trace {traceId})."));
    }
}
