using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ZtFleet.Grains.Refusals;

namespace ZtFleet.Api.Validation;

/// <summary>
/// Refuses a request with a field longer than <see cref="RequestLimits"/> allows before authentication, the services or
/// any validator read it: a 5 MB id is answered at once with a short message, and nothing quotes it back.
/// </summary>
/// <remarks>
/// Unary and server-streaming calls are checked once, before the service runs; a client stream
/// (<c>TelemetryService/Ingest</c>) has each message checked as the service reads it, and a message that does not
/// decode is refused there as INVALID_ARGUMENT (<see cref="Errors.UndecodableRequests.Message"/>), since its status
/// can no longer be rewritten once the stream has answered. Either refusal ends the call. Registered after the
/// exception and audit interceptors, so its refusals are mapped and audited like any other.
/// </remarks>
public sealed class RequestLimitsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Enforce(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enforce(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private static void Enforce<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            RequestLimits.Enforce(message);
        }
    }

    /// <summary>A client stream whose every message is checked as it is read.</summary>
    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            bool more;
            try
            {
                more = await inner.MoveNext(cancellationToken);
            }
            // Grpc.AspNetCore reports a frame cut short as INTERNAL ("Incomplete message."): reading the caller's
            // stream failed, which is the caller's bytes, not the server.
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException or RpcException { StatusCode: StatusCode.Internal })
            {
                throw new InvalidRequestException(Errors.UndecodableRequests.Message);
            }

            if (more)
            {
                Enforce(inner.Current);
            }

            return more;
        }
    }
}
