using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ZtFleet.Api.Validation;

/// <summary>
/// Refuses a request with a field longer than <see cref="RequestLimits"/> allows before authentication, the services or
/// any validator read it: a 5 MB id is answered at once with a short message, and nothing quotes it back.
/// </summary>
/// <remarks>
/// Every RPC of the API takes a single request message (no client streams), so the unary and server-streaming
/// handlers are the only ones that receive one. Registered after the exception and audit interceptors, so its
/// refusals are mapped and audited like any other.
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

    private static void Enforce<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            RequestLimits.Enforce(message);
        }
    }
}
