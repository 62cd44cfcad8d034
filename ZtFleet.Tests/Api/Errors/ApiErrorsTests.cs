using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Errors;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Inventory;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;

namespace ZtFleet.Tests.Api.Errors;

/// <summary>Every refusal kind becomes its status, with the details a client reads.</summary>
public sealed class ApiErrorsTests
{
    public static readonly TheoryData<RefusalException, StatusCode> Kinds = new()
    {
        { InvalidRequestException.Field("plant_id", "is required"), StatusCode.InvalidArgument },
        { new NotFoundException("Plant 'lyon'"), StatusCode.NotFound },
        { new PermissionDeniedException("An auditor cannot apply fleet documents."), StatusCode.PermissionDenied },
        { new PreconditionFailedException("Request 'r' is active, not requested."), StatusCode.FailedPrecondition },
        { new ConflictException("Someone else got there first."), StatusCode.Aborted },
        { new AlreadyExistsException("Enforcement point 'fw' is already enrolled."), StatusCode.AlreadyExists },
        { new UnauthenticatedException("The enforcement point's credential was revoked."), StatusCode.Unauthenticated },
        { new TemporarilyUnavailableException("Loading."), StatusCode.Unavailable },
        { new LimitExceededException("Too many failed codes."), StatusCode.ResourceExhausted },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_refusal_has_its_status_and_keeps_its_message(RefusalException refusal, StatusCode expected)
    {
        var status = ApiErrors.From(refusal);

        Assert.Equal(expected, status.StatusCode);
        Assert.Equal(refusal.Message, status.Status.Detail);
    }

    [Fact]
    public void Invalid_requests_carry_one_field_violation_per_problem()
    {
        var status = ApiErrors.From(new InvalidRequestException("Two problems.", [new Violation("a", "x"), new Violation("b", "y")])).GetRpcStatus()!;

        Assert.Equal(["a", "b"], status.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal((ApiErrors.Domain, nameof(ErrorReason.InvalidDocument)), (status.GetDetail<ErrorInfo>().Domain, status.GetDetail<ErrorInfo>().Reason));
    }

    [Fact]
    public void A_different_document_while_an_apply_commits_is_aborted_with_the_apply_id()
    {
        var applyId = Guid.NewGuid();

        var aborted = ApiErrors.From(FleetApplyRefusals.Committing(applyId));
        var info = aborted.GetRpcStatus()!.GetDetail<ErrorInfo>();

        Assert.Equal(StatusCode.Aborted, aborted.StatusCode);
        Assert.Equal((ApiErrors.Domain, nameof(ErrorReason.ApplyCommitting), applyId.ToString()), (info.Domain, info.Reason, info.Metadata["apply_id"]));
        Assert.Contains(applyId.ToString(), aborted.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void What_passes_says_when_to_retry_and_a_lockout_says_when_it_ends()
    {
        var unavailable = ApiErrors.From(new TemporarilyUnavailableException("Loading.") { RetryAfter = TimeSpan.FromSeconds(3) }).GetRpcStatus()!;
        var locked = ApiErrors.From(new LimitExceededException("Locked.") { RetryAfter = TimeSpan.FromMinutes(5), Reason = "TOO_MANY_ATTEMPTS" }).GetRpcStatus()!;
        var forGood = ApiErrors.From(new LimitExceededException("Too large.")).GetRpcStatus()!;

        Assert.Equal(TimeSpan.FromSeconds(3), unavailable.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMinutes(5), locked.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal("TOO_MANY_ATTEMPTS", locked.GetDetail<ErrorInfo>().Reason);
        Assert.Null(forGood.GetDetail<RetryInfo>());
    }

    [Fact]
    public void A_refused_role_says_so_in_error_info()
    {
        var info = ApiErrors.From(new PermissionDeniedException("No.")).GetRpcStatus()!.GetDetail<ErrorInfo>();

        Assert.Equal(nameof(ErrorReason.RoleNotAllowed), info.Reason);
    }
}
