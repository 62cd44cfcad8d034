using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Api.Errors;

/// <summary>
/// The one place exceptions become statuses, for every kind of call (unary and the three streaming kinds). A
/// <see cref="RefusalException"/> thrown by a service or a grain (also when Orleans wraps it) becomes its status with
/// rich details (<see cref="ApiErrors.From"/>); an <see cref="RpcException"/> (authentication's) passes unchanged;
/// anything else is logged with its detail and reaches the caller as INTERNAL or UNAVAILABLE without its text.
/// </summary>
/// <remarks>
/// UNAVAILABLE (retryable, with a <c>RetryInfo</c> detail) for what passes: the cluster unreachable or too busy, a
/// call that timed out, and the database unavailable or overloaded (<see cref="StorageUnavailableException"/>, which
/// the silos throw instead of any provider exception). A database fault that a retry does not cure
/// (<see cref="StorageFailedException"/>) is INTERNAL like any other. Refusals are audited by the
/// <see cref="Audit.RefusalAuditInterceptor"/>, which runs outside this one and so sees the statuses made here.
/// </remarks>
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
            CountStreamError(ex, context);
            throw Translate(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            CountStreamError(ex, context);
            throw Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            CountStreamError(ex, context);
            throw Translate(ex, context);
        }
    }

    /// <summary>
    /// Counts a stream that ended with an error (<c>ztfleet.stream.errors</c>, docs/metrics.md): not a refusal (an
    /// answer) and not the caller leaving.
    /// </summary>
    private static void CountStreamError(Exception ex, ServerCallContext context)
    {
        if (Find<RefusalException>(ex) is null && !(ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            ZtFleet.Grains.Diagnostics.ZtFleetMetrics.StreamErrors.Add(1, new KeyValuePair<string, object?>("stream", context.Method));
        }
    }

    private RpcException Translate(Exception ex, ServerCallContext context)
    {
        if (Find<RefusalException>(ex) is { } refusal)
        {
            logger.LogDebug("Refused {Method}: {Refusal} {Message}", context.Method, refusal.GetType().Name, refusal.Message);
            return ApiErrors.From(refusal);
        }

        if (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return ApiErrors.Cancelled();
        }

        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
        if (Find<StorageUnavailableException>(ex) is { } storage)
        {
            logger.LogWarning(ex, "Database unavailable ({Store}, SQLSTATE {SqlState}) during {Method} (trace {TraceId})",
                storage.Store, storage.SqlState, context.Method, traceId);
            return ApiErrors.Unavailable($"The control plane's database is briefly unavailable or overloaded; retry. (trace {traceId})");
        }

        if (ex is SiloUnavailableException or ClientNotAvailableException or OrleansMessageRejectionException or GatewayTooBusyException or ConnectionFailedException
            or TimeoutException)
        {
            logger.LogWarning(ex, "Cluster unavailable during {Method} (trace {TraceId})", context.Method, traceId);
            return ApiErrors.Unavailable($"The control plane is briefly unavailable; retry. (trace {traceId})");
        }

        logger.LogError(ex, "Unhandled error in {Method} (trace {TraceId})", context.Method, traceId);
        return ApiErrors.Internal(traceId);
    }

    /// <summary>The exception or one it wraps (Orleans may wrap a grain's failure, for example on activation).</summary>
    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
