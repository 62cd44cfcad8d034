using Grpc.Core;
using Grpc.Core.Interceptors;
using ZtFleet.Api.Enforcement;

using ZtFleet.Grains.Refusals;

namespace ZtFleet.Api.Security;

/// <summary>
/// Every call except health and reflection must carry <c>authorization: Bearer &lt;token&gt;</c>. The caller it proves
/// is stored on the call for the services; nothing runs for a call that proves nobody. A token whose id, or whose
/// enforcement point, is in the deny list (<see cref="RevocationList"/>) proves nobody, even when
/// <see cref="TokenService"/> remembers it as valid. Machine credentials reach only their methods
/// (<see cref="CredentialScope"/>), and an enforcement point's only while it is enrolled and not revoked.
/// </summary>
public sealed class AuthInterceptor(TokenService tokens, RevocationList revocations, EnforcementPointCredentials enforcementPoints, ILogger<AuthInterceptor> logger) : Interceptor
{
    private static readonly object CallerKey = new();

    /// <summary>The authenticated caller of the current call.</summary>
    public static Caller CallerOf(ServerCallContext context) =>
        context.GetHttpContext().Items[CallerKey] as Caller
        ?? throw new UnauthenticatedException("No authenticated caller.");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (IsOpen(context.Method))
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnauthenticatedException("A bearer token is required (authorization: Bearer <token>).");
        }

        var (caller, problem) = await tokens.ValidateAsync(header["Bearer ".Length..].Trim());
        if (caller is null)
        {
            logger.LogWarning("Rejected token on {Method} from {Peer}: {Problem}", context.Method, context.Peer, problem);
            throw new UnauthenticatedException("The bearer token is not valid.");
        }

        await revocations.EnsureCurrentAsync(context.CancellationToken);
        if (revocations.IsTokenRevoked(caller.TokenId) || caller.EnforcementPoint is { } point && revocations.IsEnforcementPointRevoked(point))
        {
            logger.LogWarning("Rejected revoked credential of {Caller} (token {TokenId}) on {Method} from {Peer}", caller, caller.TokenId, context.Method, context.Peer);
            throw new UnauthenticatedException("The bearer token was revoked.");
        }

        context.GetHttpContext().Items[CallerKey] = caller;
        if (!CredentialScope.Allows(caller.Role, context.Method))
        {
            throw new PermissionDeniedException($"A credential of role {RoleNames.Format(caller.Role)} cannot call {context.Method}.");
        }

        if (caller.Role == Role.EnforcementPoint)
        {
            // A watch runs for hours: it always asks the grain; other calls may use a recent answer.
            await enforcementPoints.EnsureActiveAsync(caller, fresh: context.Method == CredentialScope.Watch, context.CancellationToken);
        }
    }
}
