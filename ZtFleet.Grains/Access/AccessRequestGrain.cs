using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Access;

/// <inheritdoc cref="IAccessRequestGrain"/>
/// <remarks>
/// The grant is added to the identity (which appends it to the plant's delta log) before this grain records the
/// request as active, and removed before it records it as revoked or expired: what this grain reports has always
/// reached the log first. A reminder at the window's end is the durable backstop of expiry.
/// </remarks>
[GrainType("access-request")]
public sealed class AccessRequestGrain(
    [PersistentState("access-request", ProviderNames.Storage)] IPersistentState<AccessRequestGrainState> state,
    ControlPlaneClock time,
    ILogger<AccessRequestGrain> logger) : Grain, IAccessRequestGrain, IRemindable
{
    private const string ExpiryReminder = "expire";

    private string RequestId => this.GetPrimaryKeyString();

    public async Task<AccessRequestView> SubmitAsync(AccessRequestSubmission submission, CancellationToken cancellationToken = default)
    {
        if (state.State.Request is { } existing)
        {
            if (!ContentEquality.Same(existing.Submission, submission))
            {
                throw new AlreadyExistsException($"Request '{RequestId}' already exists with different content.");
            }

            // A repeat after a crash between the write and the index records it there.
            await IndexAsync(existing, cancellationToken);
            return existing;
        }

        var now = time.GetUtcNow();
        var definition = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(submission.Plant)).GetDefinitionAsync(cancellationToken)
            ?? throw new NotFoundException($"Plant '{submission.Plant}'");
        var identity = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(submission.Identity)).GetAsync(cancellationToken)
            ?? throw new NotFoundException($"Identity '{submission.Identity}'");
        var problems = TemporaryAccessRules.Check(
            definition.Spec, definition.EffectivePolicy, submission.Operations, submission.Zones, submission.Assets,
            submission.NotBefore, submission.NotAfter, submission.Justification, now);
        if (problems.Count > 0)
        {
            throw new InvalidRequestException($"The request has {problems.Count} problem(s); nothing was recorded.", problems);
        }

        var request = new AccessRequestView(
            RequestId,
            submission,
            AccessRequestStatus.Requested,
            TemporaryAccessRules.RequiredApprovals(definition.Spec, definition.EffectivePolicy, submission.Zones, submission.Assets),
            [],
            now,
            ClosedBy: null,
            ClosedReason: null,
            Epochs: []);
        state.State.Request = request;
        await state.WriteStateAsync(cancellationToken);
        await IndexAsync(request, cancellationToken);
        logger.LogInformation("Access request {Request} for {Identity} ({Kind}) at {Plant} submitted by {By}", RequestId, identity.Id, identity.Kind, submission.Plant, submission.RequestedBy);
        return request;
    }

    public async Task<AccessRequestView> ApproveAsync(string approver, string? comment, CancellationToken cancellationToken = default)
    {
        var request = Require(AccessRequestStatus.Requested);
        switch (TemporaryAccessRules.RefuseApproval(approver, request.Submission.Identity, request.Submission.RequestedBy, request.Approvals.Select(a => a.Approver)))
        {
            case { Kind: ApprovalRefusalKind.AlreadyApproved } twice:
                throw new PreconditionFailedException(twice.Message);
            case { } refusal:
                throw new PermissionDeniedException(refusal.Message);
        }

        var now = time.GetUtcNow();
        if (now >= request.Submission.NotAfter)
        {
            throw new PreconditionFailedException("The requested window has already ended.");
        }

        request = request with { Approvals = [.. request.Approvals, new AccessApproval(approver, now, comment)] };
        if (request.Approvals.Count >= request.RequiredApprovals)
        {
            var submission = request.Submission;
            var grant = new Grant(RequestId, submission.Identity, submission.Plant, submission.Operations, submission.Zones, submission.Assets, submission.NotBefore, submission.NotAfter, RequestId);
            var epochs = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(submission.Identity)).AddGrantAsync(grant, cancellationToken);
            request = request with { Status = AccessRequestStatus.Active, Epochs = epochs };
            await this.RegisterOrUpdateReminder(ExpiryReminder, Max(submission.NotAfter - now, TimeSpan.FromMinutes(1)), TimeSpan.FromMinutes(5));
        }

        state.State.Request = request;
        await state.WriteStateAsync(cancellationToken);
        await IndexAsync(request, cancellationToken);
        return request;
    }

    public async Task<AccessRequestView> RejectAsync(string approver, string reason, CancellationToken cancellationToken = default)
    {
        var request = Require(AccessRequestStatus.Requested) with { Status = AccessRequestStatus.Rejected, ClosedBy = approver, ClosedReason = reason };
        state.State.Request = request;
        await state.WriteStateAsync(cancellationToken);
        await IndexAsync(request, cancellationToken);
        return request;
    }

    public async Task<AccessRequestView> RevokeAsync(string actor, string reason, CancellationToken cancellationToken = default)
    {
        var request = state.State.Request ?? throw new NotFoundException($"Access request '{RequestId}'");
        switch (request.Status)
        {
            case AccessRequestStatus.Requested:
                request = request with { Status = AccessRequestStatus.Revoked, ClosedBy = actor, ClosedReason = reason };
                break;
            case AccessRequestStatus.Active:
                var epochs = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(request.Submission.Identity)).RemoveGrantAsync(RequestId, IdentityChangeReasons.GrantRevoked, cancellationToken);
                request = request with { Status = AccessRequestStatus.Revoked, ClosedBy = actor, ClosedReason = reason, Epochs = epochs };
                await UnregisterExpiryAsync();
                break;
            default:
                // Already over: revoking again is harmless and reports the state as it is.
                return request;
        }

        state.State.Request = request;
        await state.WriteStateAsync(cancellationToken);
        await IndexAsync(request, cancellationToken);
        logger.LogInformation("Access request {Request} revoked by {Actor}: {Reason}", RequestId, actor, reason);
        return request;
    }

    public async Task<AccessRequestView?> ExpireIfDueAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.Request is not { Status: AccessRequestStatus.Active } request || time.GetUtcNow() < request.Submission.NotAfter)
        {
            return state.State.Request;
        }

        var epochs = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(request.Submission.Identity)).RemoveGrantAsync(RequestId, IdentityChangeReasons.GrantExpired, cancellationToken);
        request = request with { Status = AccessRequestStatus.Expired, ClosedBy = "ztfleet", ClosedReason = "window ended", Epochs = epochs };
        state.State.Request = request;
        await state.WriteStateAsync(cancellationToken);
        await IndexAsync(request, cancellationToken);
        await UnregisterExpiryAsync();
        return request;
    }

    public Task<AccessRequestView?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Request);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpiryReminder)
        {
            await ExpireIfDueAsync();
        }
    }

    /// <summary>Records where the request stands in its plant's index (after the request's own state is written).</summary>
    private Task IndexAsync(AccessRequestView request, CancellationToken cancellationToken) =>
        GrainFactory.GetGrain<IAccessRequestIndexGrain>(GrainKeys.Plant(request.Submission.Plant)).RecordAsync(RequestId, request.Status, cancellationToken);

    private AccessRequestView Require(AccessRequestStatus status)
    {
        var request = state.State.Request ?? throw new NotFoundException($"Access request '{RequestId}'");
        return request.Status == status
            ? request
            : throw new PreconditionFailedException($"Request '{RequestId}' is {request.Status.ToString().ToLowerInvariant()}, not {status.ToString().ToLowerInvariant()}.");
    }

    private async Task UnregisterExpiryAsync()
    {
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
