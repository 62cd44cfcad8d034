using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ZtFleet.Api.Errors;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Refusals;

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
        if (request is not IMessage message)
        {
            return;
        }

        try
        {
            RequestLimits.Enforce(message);
        }
        catch (RefusalException refusal)
        {
            // Until the exception interceptor maps refusals itself (issue 9, "one place for errors"), the two this
            // check throws become their statuses here.
            throw ToStatus(refusal);
        }
    }

    private static RpcException ToStatus(RefusalException refusal) => refusal switch
    {
        InvalidRequestException invalid => ApiErrors.InvalidArgument(invalid.Message, invalid.Violations),
        _ => new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = refusal.Message,
            Details = { Any.Pack(new ErrorInfo { Domain = ApiErrors.Domain, Reason = ErrorReason.TooLarge.ToString() }) },
        }.ToRpcException(),
    };
}
