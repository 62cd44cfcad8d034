using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Quarantine;

/// <inheritdoc cref="IQuarantineGrain"/>
/// <remarks>
/// The plant appends the quarantine (or its lift) to its delta log before this grain records it as in force (or
/// lifted): what this grain reports has always reached the log first, and a retried step finds its delta by its
/// idempotency key. The request is recorded before it claims its asset in the plant's
/// <see cref="IQuarantineIndexGrain"/>, and forgotten again when the claim is refused, so a claim never points at a
/// quarantine that is still being asked for.
/// </remarks>
[GrainType("quarantine")]
public sealed class QuarantineGrain(
    [PersistentState("quarantine", ProviderNames.Storage)] IPersistentState<QuarantineGrainState> state,
    ControlPlaneClock time,
    ILogger<QuarantineGrain> logger) : Grain, IQuarantineGrain
{
    private PlantId Plant => PlantId.Parse(this.GetPrimaryKeyString().Split('/')[0]);

    private string QuarantineId => this.GetPrimaryKeyString().Split('/', 2)[1];

    private IPlantGrain PlantGrain => GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(Plant));

    private IQuarantineIndexGrain Index => GrainFactory.GetGrain<IQuarantineIndexGrain>(GrainKeys.Plant(Plant));

    public async Task<QuarantineView> RequestAsync(QuarantineSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (state.State.Quarantine is { } existing)
        {
            return ContentEquality.Same(existing.Submission, submission)
                ? await DriveAsync(existing, cancellationToken)
                : throw new AlreadyExistsException($"Quarantine '{QuarantineId}' already exists with different content.");
        }

        var definition = await PlantGrain.GetDefinitionAsync(cancellationToken)
            ?? throw new NotFoundException($"Plant '{Plant}'");
        var asset = definition.Spec.Assets.FirstOrDefault(a => a.Id == submission.Asset)
            ?? throw new NotFoundException($"Asset '{submission.Asset}'");
        var violations = QuarantineRules.Check(definition.Spec, submission.Asset, submission.Mode, submission.AccessFrom, submission.Reason).ToList();
        if (submission.Plant != Plant)
        {
            violations.Insert(0, new Violation("plant_id", $"must be '{Plant}', the plant of quarantine '{QuarantineId}'"));
        }

        if (submission.RequestedBy is null || string.IsNullOrWhiteSpace(submission.RequestedBy.Subject)
            || submission.RequestedBy.Kind is not (QuarantineActorKind.Person or QuarantineActorKind.Playbook))
        {
            violations.Add(new Violation("requested_by", "must name a person or a playbook"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"The quarantine request has {violations.Count} problem(s); nothing was recorded.", violations);
        }

        var current = (await PlantGrain.GetQuarantinesAsync(cancellationToken)).InForce.FirstOrDefault(q => q.Asset == submission.Asset);
        if (QuarantineRules.Admit(asset, submission.Mode, current, out var supersedes) is { } refusal)
        {
            throw Refused(refusal);
        }

        var view = new QuarantineView(
            QuarantineId,
            submission,
            QuarantineStatus.Requested,
            asset.SafetyRelated,
            QuarantineRules.QuarantineApprovals(asset, definition.EffectivePolicy),
            [],
            time.GetUtcNow(),
            supersedes,
            InForceSince: null,
            Lift: null,
            ClosedBy: null,
            ClosedReason: null,
            SupersededBy: null,
            Epoch: 0);
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        if (await Index.ClaimAsync(submission.Asset, QuarantineId, supersedes, cancellationToken) is { } blocker)
        {
            await state.ClearStateAsync(cancellationToken);
            throw Refused($"Asset '{asset.Id}' already has an open quarantine request '{blocker}'; one quarantine per asset.");
        }

        logger.LogInformation("Quarantine {Quarantine} of {Asset} at {Plant} ({Mode}) asked for by {By}", QuarantineId, asset.Id, Plant, submission.Mode, submission.RequestedBy);
        var driven = await DriveAsync(view, cancellationToken);
        if (driven.Status == QuarantineStatus.Requested)
        {
            TellIncidents(driven);
        }

        return driven;
    }

    public async Task<QuarantineView> ApproveAsync(QuarantineActor approver, string? comment, CancellationToken cancellationToken = default)
    {
        var view = Require(QuarantineStatus.Requested);
        view = view with { Approvals = Approve(view.Approvals, approver, view.Submission.RequestedBy, comment, "quarantine") };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        return await DriveAsync(view, cancellationToken);
    }

    public async Task<QuarantineView> RejectAsync(QuarantineActor approver, string reason, CancellationToken cancellationToken = default)
    {
        var view = Current();
        RequirePerson(approver);
        switch (view.Status)
        {
            case QuarantineStatus.Requested:
                view = view with { Status = QuarantineStatus.Rejected, ClosedBy = approver.ToString(), ClosedReason = reason };
                state.State.Quarantine = view;
                await state.WriteStateAsync(cancellationToken);
                await Index.ReleaseAsync(view.Submission.Asset, QuarantineId, cancellationToken);
                TellIncidents(view);
                return view;
            case QuarantineStatus.LiftRequested:
                // The lift is refused; the quarantine stays in force as it was.
                view = view with { Status = QuarantineStatus.InForce, Lift = null };
                state.State.Quarantine = view;
                await state.WriteStateAsync(cancellationToken);
                return view;
            default:
                throw Refused($"Quarantine '{QuarantineId}' is {QuarantineSpelling.Of(view.Status)}: nothing is pending to reject.");
        }
    }

    public async Task<QuarantineView> RequestLiftAsync(QuarantineActor requester, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var view = Current();
        if (view.Status == QuarantineStatus.LiftRequested && view.Lift is { } pending
            && pending.RequestedBy == requester && pending.Reason == reason)
        {
            return view;
        }

        view = Require(QuarantineStatus.InForce);
        var policy = (await PlantGrain.GetDefinitionAsync(cancellationToken))?.EffectivePolicy ?? FleetPolicy.Default;
        var held = await PlantGrain.GetQuarantinesAsync(cancellationToken);
        if (held.InForce.All(q => q.Id != QuarantineId))
        {
            await DropAsync(held.Epoch, cancellationToken);
            throw Refused($"Quarantine '{QuarantineId}' is no longer in force: its asset left the plant's definition.");
        }

        if (await Index.GetSlotAsync(view.Submission.Asset, cancellationToken) is { Tightening: { } tightening })
        {
            throw Refused($"Tightening '{tightening}' of this quarantine is pending; reject it before lifting.");
        }

        view = view with
        {
            Status = QuarantineStatus.LiftRequested,
            Lift = new QuarantineLift(requester, reason, time.GetUtcNow(), QuarantineRules.LiftApprovals(view.SafetyRelated, policy), []),
        };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        return view;
    }

    public async Task<QuarantineView> ApproveLiftAsync(QuarantineActor approver, string? comment, CancellationToken cancellationToken = default)
    {
        var view = Require(QuarantineStatus.LiftRequested);
        var lift = view.Lift!;
        lift = lift with { Approvals = Approve(lift.Approvals, approver, lift.RequestedBy, comment, "lift") };
        view = view with { Lift = lift };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        if (lift.Approvals.Count < lift.RequiredApprovals)
        {
            return view;
        }

        var epoch = await PlantGrain.LiftQuarantineAsync(view.Submission.Asset, QuarantineId, cancellationToken);
        view = view with { Status = QuarantineStatus.Lifted, ClosedBy = approver.ToString(), ClosedReason = lift.Reason, Epoch = epoch };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        await Index.ReleaseAsync(view.Submission.Asset, QuarantineId, cancellationToken);
        logger.LogInformation("Quarantine {Quarantine} of {Asset} at {Plant} lifted at epoch {Epoch}", QuarantineId, view.Submission.Asset, Plant, epoch);
        TellIncidents(view);
        return view;
    }

    public async Task<QuarantineView> ExpireIfDueAsync(CancellationToken cancellationToken = default)
    {
        var view = Current();
        var now = time.GetUtcNow();
        if (!view.IsInForce
            || !QuarantineRules.Expires(view.Submission.RequestedBy.Kind, view.Submission.TimeToLive, view.RequiredApprovals, view.InForceSince, now))
        {
            return view;
        }

        var epoch = await PlantGrain.LiftQuarantineAsync(view.Submission.Asset, QuarantineId, cancellationToken);
        var actor = view.Submission.RequestedBy.ToString();
        view = view with
        {
            Status = QuarantineStatus.Lifted,
            Lift = null,
            ClosedBy = actor,
            ClosedReason = $"time to live of {view.Submission.TimeToLive} ended",
            Epoch = epoch,
        };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        await Index.ReleaseAsync(view.Submission.Asset, QuarantineId, cancellationToken);
        var detail = JsonSerializer.Serialize(new
        {
            asset = view.Submission.Asset.Value,
            mode = QuarantineSpelling.Of(view.Submission.Mode),
            timeToLive = view.Submission.TimeToLive?.ToString(),
            inForceSince = view.InForceSince,
            reason = view.Submission.Reason,
            epoch,
        });
        await GrainFactory.GetGrain<IAuditGrain>(Plant.Value)
            .AppendAsync(new AuditEntry(Plant.Value, now, actor, "quarantine.expire", QuarantineId, "lifted", detail), cancellationToken);
        logger.LogInformation("Quarantine {Quarantine} of {Asset} at {Plant} expired at epoch {Epoch}", QuarantineId, view.Submission.Asset, Plant, epoch);
        return view;
    }

    public async Task<QuarantineView> SupersedeAsync(string by, long epoch, CancellationToken cancellationToken = default)
    {
        var view = Current();
        if (view.IsClosed)
        {
            return view;
        }

        view = view with { Status = QuarantineStatus.Superseded, SupersededBy = by, ClosedBy = by, ClosedReason = $"tightened to isolate by '{by}'", Epoch = epoch };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        return view;
    }

    public Task<QuarantineView?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Quarantine);

    public async Task AssetRemovedAsync(long epoch)
    {
        if (state.State.Quarantine is { IsInForce: true })
        {
            await DropAsync(epoch, CancellationToken.None);
        }
    }

    /// <summary>Puts a quarantine with all the approvals it needs in force (again, harmlessly, after a crash).</summary>
    private async Task<QuarantineView> DriveAsync(QuarantineView view, CancellationToken cancellationToken)
    {
        if (view.Status != QuarantineStatus.Requested || view.Approvals.Count < view.RequiredApprovals)
        {
            return view;
        }

        var now = time.GetUtcNow();
        // The plant refuses (FAILED_PRECONDITION) when its set no longer admits this quarantine.
        var epoch = await PlantGrain.SetQuarantineAsync(view.ToAssetQuarantine(now), view.Supersedes, cancellationToken);

        if (view.Supersedes is { } previous)
        {
            await Index.PromoteAsync(view.Submission.Asset, QuarantineId, cancellationToken);
            await GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(Plant, previous)).SupersedeAsync(QuarantineId, epoch, cancellationToken);
        }

        view = view with { Status = QuarantineStatus.InForce, InForceSince = now, Epoch = epoch };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        logger.LogInformation("Quarantine {Quarantine} of {Asset} at {Plant} in force at epoch {Epoch}", QuarantineId, view.Submission.Asset, Plant, epoch);
        TellIncidents(view);
        return view;
    }

    /// <summary>The plant no longer holds this quarantine (its asset is gone): close it, free the asset, audit it.</summary>
    private async Task DropAsync(long epoch, CancellationToken cancellationToken)
    {
        var view = state.State.Quarantine! with
        {
            Status = QuarantineStatus.Dropped,
            ClosedBy = "ztfleet",
            ClosedReason = "the asset left the plant's definition",
            Epoch = epoch,
        };
        state.State.Quarantine = view;
        await state.WriteStateAsync(cancellationToken);
        await Index.ReleaseAsync(view.Submission.Asset, QuarantineId, cancellationToken);
        var detail = JsonSerializer.Serialize(new { asset = view.Submission.Asset.Value, mode = QuarantineSpelling.Of(view.Submission.Mode), epoch });
        await GrainFactory.GetGrain<IAuditGrain>(Plant.Value)
            .AppendAsync(new AuditEntry(Plant.Value, time.GetUtcNow(), "ztfleet", "quarantine.drop", QuarantineId, "dropped", detail), cancellationToken);
    }

    /// <summary>
    /// Best effort, one-way: the quarantine as a part of the fleet's incidents (requested, in force, rejected, lifted;
    /// each replaces the earlier version of its part). The quarantine's own state and audit records are its record.
    /// </summary>
    private void TellIncidents(QuarantineView view)
    {
        var submission = view.Submission;
        var part = new IncidentPart(
            IncidentPartKind.Quarantine,
            $"quarantine:{view.Id}",
            Plant,
            view.RequestedAt,
            Severity.Medium,
            $"Quarantine '{view.Id}' of {submission.Asset} ({QuarantineSpelling.Of(submission.Mode)}) asked for by {submission.RequestedBy}: {QuarantineSpelling.Of(view.Status)}. {submission.Reason}")
        {
            Asset = submission.Asset,
            Actor = submission.RequestedBy.ToString(),
        };
        try
        {
            _ = GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet).AddPartsAsync([part]);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Quarantine {Quarantine} could not be added to the fleet's incidents", view.Id);
        }
    }

    /// <summary>One more approval: a person, not the one who asked for the step, and each person once.</summary>
    private IReadOnlyList<QuarantineApproval> Approve(
        IReadOnlyList<QuarantineApproval> approvals, QuarantineActor approver, QuarantineActor requester, string? comment, string step)
    {
        ArgumentNullException.ThrowIfNull(approver);
        if (QuarantineRules.RefuseApproval(approver.Kind, approver.Subject, requester.Subject, approvals.Select(a => a.Approver), step) is { } refusal)
        {
            throw Refused(refusal);
        }

        return [.. approvals, new QuarantineApproval(approver.Subject, time.GetUtcNow(), comment)];
    }

    // Rejecting is deciding too: the same rule as approving, without the self and once checks.
    private static void RequirePerson(QuarantineActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (QuarantineRules.RefuseApproval(actor.Kind, actor.Subject, string.Empty, [], "step") is { } refusal)
        {
            throw Refused(refusal);
        }
    }

    private QuarantineView Current() =>
        state.State.Quarantine ?? throw new NotFoundException($"Quarantine '{QuarantineId}'");

    private QuarantineView Require(QuarantineStatus status)
    {
        var view = Current();
        return view.Status == status
            ? view
            : throw Refused($"Quarantine '{QuarantineId}' is {QuarantineSpelling.Of(view.Status)}, not {QuarantineSpelling.Of(status)}.");
    }

    /// <summary>The workflow does not allow the step now.</summary>
    private static PreconditionFailedException Refused(string message) => new(message);

    /// <summary>Not this approver's to approve (not a person, their own step): PERMISSION_DENIED; approved already: FAILED_PRECONDITION.</summary>
    private static RefusalException Refused(ApprovalRefusal refusal) => refusal.Kind == ApprovalRefusalKind.AlreadyApproved
        ? new PreconditionFailedException(refusal.Message)
        : new PermissionDeniedException(refusal.Message);
}
