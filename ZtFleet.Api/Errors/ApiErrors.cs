using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Errors;

/// <summary>The rich gRPC errors of the API: <c>google.rpc.Status</c> with BadRequest and ErrorInfo details.</summary>
public static class ApiErrors
{
    public const string Domain = "ztfleet.io";

    /// <summary>How long <see cref="Unavailable"/> suggests waiting before a retry.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>INVALID_ARGUMENT with one field violation per problem.</summary>
    public static RpcException InvalidArgument(string message, IEnumerable<Violation> violations, ErrorReason reason = ErrorReason.InvalidDocument)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Any.Pack(badRequest), Any.Pack(Info(reason)) },
        }.ToRpcException();
    }

    /// <summary>INVALID_ARGUMENT for a single request field.</summary>
    public static RpcException InvalidField(string field, string description) =>
        InvalidArgument($"Invalid request: {field} {description}", [new Violation(field, description)]);

    /// <summary>PERMISSION_DENIED: the caller is known, the role does not allow the call.</summary>
    public static RpcException RoleNotAllowed(string message) =>
        new Google.Rpc.Status
        {
            Code = (int)Code.PermissionDenied,
            Message = message,
            Details = { Any.Pack(Info(ErrorReason.RoleNotAllowed)) },
        }.ToRpcException();

    /// <summary>NOT_FOUND; also what a caller scoped elsewhere gets, so it learns nothing about other plants.</summary>
    public static RpcException NotFound(string what) => new(new Grpc.Core.Status(StatusCode.NotFound, $"{what} not found."));

    /// <summary>
    /// UNAVAILABLE with a <c>RetryInfo</c> detail: something that passes (the cluster or its database briefly out of
    /// reach or overloaded). Clients retry UNAVAILABLE; ZtFleet's writes are idempotent where a retry could repeat one.
    /// </summary>
    public static RpcException Unavailable(string message) =>
        new Google.Rpc.Status
        {
            Code = (int)Code.Unavailable,
            Message = message,
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(RetryAfter) }) },
        }.ToRpcException();

    /// <summary>
    /// ABORTED: a different fleet document while apply <paramref name="applyId"/> still commits. Retryable once it has
    /// (GetApplyStatus); ErrorInfo carries the apply id so a client need not parse the message.
    /// </summary>
    public static RpcException ApplyCommitting(Guid applyId)
    {
        var info = Info(ErrorReason.ApplyCommitting);
        info.Metadata["apply_id"] = applyId.ToString();
        return new Google.Rpc.Status
        {
            Code = (int)Code.Aborted,
            Message = $"Apply {applyId} is still committing; nothing was applied. Retry when GetApplyStatus reports it committed.",
            Details = { Any.Pack(info) },
        }.ToRpcException();
    }

    /// <summary>UNAVAILABLE, retryable: what a read gets when it cannot yet tell the fleet while apply <paramref name="applyId"/> commits.</summary>
    public static RpcException StillCommitting(Guid applyId) =>
        Unavailable($"Apply {applyId} is still committing; retry in a few seconds.");

    private static ErrorInfo Info(ErrorReason reason) => new()
    {
        Domain = Domain,
        Reason = reason.ToString(),
    };
}
