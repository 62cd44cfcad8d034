using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Inventory;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;

namespace ZtFleet.Api.Errors;

/// <summary>
/// The rich gRPC statuses of the API (<c>google.rpc.Status</c> with BadRequest, ErrorInfo and RetryInfo details),
/// built for <see cref="ExceptionInterceptor"/>: services and grains throw <see cref="RefusalException"/>s, never these.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>refusal</term><description>status, details</description></listheader>
/// <item><term><see cref="InvalidRequestException"/></term><description>INVALID_ARGUMENT, BadRequest (one field violation per problem), ErrorInfo <c>INVALID_DOCUMENT</c></description></item>
/// <item><term><see cref="NotFoundException"/></term><description>NOT_FOUND (also for what is outside the caller's scope)</description></item>
/// <item><term><see cref="PermissionDeniedException"/></term><description>PERMISSION_DENIED, ErrorInfo <c>ROLE_NOT_ALLOWED</c></description></item>
/// <item><term><see cref="PreconditionFailedException"/></term><description>FAILED_PRECONDITION</description></item>
/// <item><term><see cref="ConflictException"/></term><description>ABORTED</description></item>
/// <item><term><see cref="AlreadyExistsException"/></term><description>ALREADY_EXISTS</description></item>
/// <item><term><see cref="UnauthenticatedException"/></term><description>UNAUTHENTICATED, ErrorInfo <c>UNAUTHENTICATED</c></description></item>
/// <item><term><see cref="TemporarilyUnavailableException"/></term><description>UNAVAILABLE, RetryInfo</description></item>
/// <item><term><see cref="LimitExceededException"/></term><description>RESOURCE_EXHAUSTED, RetryInfo when it may be retried</description></item>
/// </list>
/// A refusal's own <see cref="RefusalException.Reason"/> replaces the default reason; its
/// <see cref="RefusalException.Metadata"/> becomes the ErrorInfo's metadata. ErrorInfo reasons are spelled as the
/// C# names of <see cref="ErrorReason"/> (<c>ApplyCommitting</c>), as clients have always read them.
/// </remarks>
public static class ApiErrors
{
    public const string Domain = "ztfleet.io";

    /// <summary>How long <see cref="Unavailable"/> suggests waiting before a retry.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The status of <paramref name="refusal"/>.</summary>
    public static RpcException From(RefusalException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        (Code code, ErrorReason reason, TimeSpan? retryAfter) = refusal switch
        {
            InvalidRequestException => (Code.InvalidArgument, ErrorReason.InvalidDocument, (TimeSpan?)null),
            NotFoundException => (Code.NotFound, ErrorReason.Unspecified, null),
            PermissionDeniedException => (Code.PermissionDenied, ErrorReason.RoleNotAllowed, null),
            PreconditionFailedException => (Code.FailedPrecondition, ErrorReason.Unspecified, null),
            ConflictException => (Code.Aborted, ErrorReason.Unspecified, null),
            AlreadyExistsException => (Code.AlreadyExists, ErrorReason.Unspecified, null),
            UnauthenticatedException => (Code.Unauthenticated, ErrorReason.Unauthenticated, null),
            TemporarilyUnavailableException unavailable => (Code.Unavailable, ErrorReason.Unspecified, unavailable.RetryAfter),
            LimitExceededException limit => (Code.ResourceExhausted, ErrorReason.Unspecified, limit.RetryAfter),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.GetType().Name, "Not a refusal the API knows."),
        };

        var status = new Google.Rpc.Status { Code = (int)code, Message = refusal.Message };
        if (refusal is InvalidRequestException { Violations: var violations })
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(ViolationBudget.Bound(violations).Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }

        var spelled = refusal.Reason.Length > 0 ? Spell(refusal.Reason) : reason == ErrorReason.Unspecified ? null : reason.ToString();
        if (spelled is not null || refusal.Metadata.Count > 0)
        {
            var info = new ErrorInfo { Domain = Domain, Reason = spelled ?? nameof(ErrorReason.Unspecified) };
            foreach (var (key, value) in refusal.Metadata)
            {
                info.Metadata[key] = value;
            }
            status.Details.Add(Any.Pack(info));
        }

        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToRpcException();
    }

    /// <summary>
    /// UNAVAILABLE with a <c>RetryInfo</c> detail: something that passes (the cluster or its database briefly out of
    /// reach or overloaded). Clients retry UNAVAILABLE; ZtFleet's writes are idempotent where a retry could repeat one.
    /// </summary>
    public static RpcException Unavailable(string message) => From(new TemporarilyUnavailableException(message) { RetryAfter = RetryAfter });

    /// <summary>INTERNAL without the exception's text: the trace id is all a caller learns.</summary>
    public static RpcException Internal(string traceId) => new(new Grpc.Core.Status(StatusCode.Internal, $"Internal error (trace {traceId})."));

    /// <summary>CANCELLED: the caller went away.</summary>
    public static RpcException Cancelled() => new(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));

    /// <summary><c>APPLY_COMMITTING</c> (a <c>ztfleet.v1.ErrorReason</c> without its prefix) as clients read it: <c>ApplyCommitting</c>.</summary>
    private static string Spell(string reason)
    {
        var pascal = string.Concat(reason.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant()));
        return System.Enum.TryParse<ErrorReason>(pascal, out var known) && System.Enum.IsDefined(known) ? known.ToString() : reason;
    }
}
