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
/// (<see cref="CredentialScope"/>), and an enforcement point's only while it is enrolled and not revoked. A stream
/// call runs under a <see cref="StreamGuard"/>: it ends with UNAUTHENTICATED within about a second of its token's id or
/// its enforcement point being revoked, and when its token expires.
/// </summary>
public sealed class AuthInterceptor(TokenService tokens, RevocationList revocations, EnforcementPointCredentials enforcementPoints, CredentialGuard guards, ILogger<AuthInterceptor> logger) : Interceptor
{
    private static readonly object CallerKey = new();
    private static readonly object GuardKey = new();

    /// <summary>The authenticated caller of the current call.</summary>
    public static Caller CallerOf(ServerCallContext context) =>
        context.GetHttpContext().Items[CallerKey] as Caller
        ?? throw new UnauthenticatedException("No authenticated caller.");

    /// <summary>
    /// What a streaming method waits with instead of <see cref="ServerCallContext.CancellationToken"/>: cancelled
    /// when the call ends and, for a stream, as soon as its credential is revoked or expires (<see cref="CredentialGuard"/>);
    /// the call then ends with UNAUTHENTICATED whatever the method throws.
    /// </summary>
    public static CancellationToken CancellationOf(ServerCallContext context) =>
        context.GetHttpContext().Items[GuardKey] is StreamGuard guard ? guard.Token : context.CancellationToken;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var caller = await AuthenticateAsync(context);
        await GuardedAsync(caller, context, guard => continuation(request, Guarded(responseStream, guard), context));
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var caller = await AuthenticateAsync(context);
        TResponse response = default!;
        await GuardedAsync(caller, context, async _ => response = await continuation(requestStream, context));
        return response;
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var caller = await AuthenticateAsync(context);
        await GuardedAsync(caller, context, guard => continuation(requestStream, Guarded(responseStream, guard), context));
    }

    private static IServerStreamWriter<TResponse> Guarded<TResponse>(IServerStreamWriter<TResponse> inner, StreamGuard? guard) =>
        guard is null ? inner : new GuardedWriter<TResponse>(inner, guard);

    /// <summary>
    /// Runs a stream call under a <see cref="StreamGuard"/> of its caller's credential (none for health and
    /// reflection): once the credential is lost the call ends with UNAUTHENTICATED, whether the method stops at the
    /// cancellation of <see cref="CancellationOf"/>, at its next write, or returns.
    /// </summary>
    private async Task GuardedAsync(Caller? caller, ServerCallContext context, Func<StreamGuard?, Task> run)
    {
        if (caller is null)
        {
            await run(null);
            return;
        }

        using var guard = guards.Watch(caller, context.CancellationToken);
        context.GetHttpContext().Items[GuardKey] = guard;
        try
        {
            await run(guard);
        }
        catch (Exception ex) when (guard.Lost is { } lost && ex is not UnauthenticatedException)
        {
            throw Ended(caller, context, lost);
        }

        if (guard.Lost is { } late)
        {
            throw Ended(caller, context, late);
        }
    }

    private UnauthenticatedException Ended(Caller caller, ServerCallContext context, string reason)
    {
        logger.LogWarning("Ended the stream {Method} of {Caller} (token {TokenId}) from {Peer}: {Reason}", context.Method, caller, caller.TokenId, context.Peer, reason);
        return new UnauthenticatedException(reason);
    }

    private static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    /// <summary>The caller the call's token proves (null for health and reflection); throws when it proves nobody.</summary>
    private async Task<Caller?> AuthenticateAsync(ServerCallContext context)
    {
        if (IsOpen(context.Method))
        {
            return null;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnauthenticatedException("A bearer token is required (authorization: Bearer <token>).");
        }

        var (caller, problem) = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), context.CancellationToken);
        if (caller is null)
        {
            logger.LogWarning("Rejected token on {Method} from {Peer}: {Problem}", context.Method, context.Peer, problem);
            throw new UnauthenticatedException($"The bearer token is not valid: {problem}.");
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

        if (caller.Role is Role.EnforcementPoint or Role.Sensor)
        {
            // A watch runs for hours: it always asks the grain; other calls may use a recent answer.
            await enforcementPoints.EnsureActiveAsync(caller, fresh: context.Method == CredentialScope.Watch, context.CancellationToken);
        }

        return caller;
    }

    /// <summary>A stream's writer that refuses to write once the stream's credential is lost.</summary>
    private sealed class GuardedWriter<T>(IServerStreamWriter<T> inner, StreamGuard guard) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(T message, CancellationToken cancellationToken) =>
            guard.Lost is { } lost ? Task.FromException(new UnauthenticatedException(lost)) : inner.WriteAsync(message, cancellationToken);
    }
}
