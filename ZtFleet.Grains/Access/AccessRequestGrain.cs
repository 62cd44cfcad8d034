using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
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
            return ContentEquality.Same(existing.Submission, submission)
                ? existing
                : throw new AccessRequestException("request_id", $"Request '{RequestId}' already exists with different content.");
        }

        var now = time.GetUtcNow();
        var definition = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(submission.Plant)).GetDefinitionAsync(cancellationToken)
            ?? throw new AccessRequestException("plant_id", $"Plant '{submission.Plant}' does not exist.");
        var identity = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(submission.Identity)).GetAsync(cancellationToken)
            ?? throw new AccessRequestException("identity_id", $"Identity '{submission.Identity}' does not exist.");
        var problems = TemporaryAccessRules.Check(
            definition.Spec, definition.EffectivePolicy, submission.Operations, submission.Zones, submission.Assets,
            submission.NotBefore, submission.NotAfter, submission.Justification, now);
        if (problems.Count > 0)
        {
            throw new AccessRequestException(problems);
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
        logger.LogInformation("Access request {Request} for {Identity} ({Kind}) at {Plant} submitted by {By}", RequestId, identity.Id, identity.Kind, submission.Plant, submission.RequestedBy);
        return request;
    }

    public async Task<AccessRequestView> ApproveAsync(string approver, string? comment, CancellationToken cancellationToken = default)
    {
        var request = Require(AccessRequestStatus.Requested);
        if (string.Equals(approver, request.Submission.Identity.Value, StringComparison.Ordinal)
            || string.Equals(approver, request.Submission.RequestedBy, StringComparison.Ordinal))
        {
            throw new AccessRequestException("approver", "Nobody approves a request they made or that is for them.");
        }

        if (request.Approvals.Any(a => string.Equals(a.Approver, approver, StringComparison.Ordinal)))
        {
            throw new AccessRequestException("approver", $"'{approver}' already approved this request; it needs a different approver.");
        }

        var now = time.GetUtcNow();
        if (now >= request.Submission.NotAfter)
        {
            throw new AccessRequestException("request_id", "The requested window has already ended.");
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
        return request;
    }

    public async Task<AccessRequestView> RejectAsync(string approver, string reason, CancellationToken cancellationToken = default)
    {
        var request = Require(AccessRequestStatus.Requested) with { Status = AccessRequestStatus.Rejected, ClosedBy = approver, ClosedReason = reason };
        state.State.Request = request;
        await state.WriteStateAsync(cancellationToken);
        return request;
    }

    public async Task<AccessRequestView> RevokeAsync(string actor, string reason, CancellationToken cancellationToken = default)
    {
        var request = state.State.Request ?? throw new AccessRequestException("request_id", $"Request '{RequestId}' does not exist.");
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

    private AccessRequestView Require(AccessRequestStatus status)
    {
        var request = state.State.Request ?? throw new AccessRequestException("request_id", $"Request '{RequestId}' does not exist.");
        return request.Status == status
            ? request
            : throw new AccessRequestException("request_id", $"Request '{RequestId}' is {request.Status.ToString().ToLowerInvariant()}, not {status.ToString().ToLowerInvariant()}.");
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
