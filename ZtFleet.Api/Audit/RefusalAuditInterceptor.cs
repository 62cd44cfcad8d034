using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ZtFleet.Api.Security;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Audit;

/// <summary>
/// Audits every request the API refuses (invalid input, a role that may not, an unknown caller, a workflow step the
/// state does not allow, a limit reached), in one place, with the field violations that were returned. A failure to
/// audit is logged, never hidden from operators.
/// </summary>
/// <remarks>
/// Registered outside <see cref="Errors.ExceptionInterceptor"/>, so it sees every refusal as the status the caller
/// gets, whether a service, a grain or authentication refused. Refusals are keyed by who (an authenticated caller, or
/// an unauthenticated peer's address without its port), method and status, and bounded by <see cref="RefusalAudit"/>:
/// the first few of a window are written one by one (the caller waits for that write), the rest only counted (no
/// wait, no write) and summarised once per key, so refused requests cannot drive one database write each.
/// </remarks>
public sealed class RefusalAuditInterceptor(RefusalAudit audit, ILogger<RefusalAuditInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException ex) when (IsRefusal(ex.StatusCode))
        {
            await AuditAsync(ex, context);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException ex) when (IsRefusal(ex.StatusCode))
        {
            await AuditAsync(ex, context);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (RpcException ex) when (IsRefusal(ex.StatusCode))
        {
            await AuditAsync(ex, context);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException ex) when (IsRefusal(ex.StatusCode))
        {
            await AuditAsync(ex, context);
            throw;
        }
    }

    /// <summary>The statuses that say "refused" (not "missing", not "failed", not "try again").</summary>
    public static bool IsRefusal(StatusCode code) =>
        code is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated
            or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted

            // NOT_FOUND is also what a caller probing another plant's ids gets (scope hides them), and ALREADY_EXISTS
            // what a replayed enrollment token or a reused request id gets: both are worth an investigator's look.
            or StatusCode.NotFound or StatusCode.AlreadyExists;


    private async Task AuditAsync(RpcException ex, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var caller = http.Items.Values.OfType<Caller>().FirstOrDefault();
        // Counted against the caller, or without one against its address (reconnecting does not make a new key).
        var who = caller?.ToString() ?? $"unauthenticated {PeerAddress.Of(context)}";
        var actor = caller is null ? $"unauthenticated {context.Peer}" : who;
        var violations = ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations
            .Select(v => new Violation(v.Field, v.Description))
            .ToList() ?? [];
        try
        {
            await audit.RefusedAsync(new RefusalKey(who, context.Method, ex.StatusCode.ToString()), actor, ex.Status.Detail, violations);
        }
        catch (Exception auditFailure)
        {
            logger.LogError(auditFailure, "Could not audit the refusal of {Method} for {Actor}", context.Method, actor);
        }
    }
}
