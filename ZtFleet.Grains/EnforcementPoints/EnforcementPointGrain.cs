using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.EnforcementPoints;

/// <inheritdoc cref="IEnforcementPointGrain"/>
/// <remarks>
/// The acknowledgement history lives in <see cref="IAcknowledgementStore"/>, a row per acknowledgement, not in this
/// grain's state row, which would otherwise grow with the history and be rewritten whole on every acknowledgement.
/// </remarks>
[GrainType("enforcement-point")]
public sealed class EnforcementPointGrain(
    [PersistentState("enforcement-point", ProviderNames.Storage)] IPersistentState<EnforcementPointGrainState> state,
    IAcknowledgementStore acknowledgements,
    ControlPlaneClock time) : Grain, IEnforcementPointGrain
{
    /// <summary>How many acknowledgements are kept to answer "when did it apply epoch E".</summary>
    public const int HistoryLimit = 10_000;

    /// <summary>Older acknowledgements are deleted every this many acknowledgements of an activation.</summary>
    private const int PruneEvery = 1_000;

    private int _sincePrune;

    /// <summary>State written before the history had its own table kept it in the row: move it there once.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.History is { Count: > 0 } legacy)
        {
            foreach (var acknowledgement in legacy)
            {
                await acknowledgements.AppendAsync(Id.Value, acknowledgement.Epoch, acknowledgement.At, cancellationToken);
            }

            state.State.History = null;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    private EnforcementPointId Id => EnforcementPointId.Parse(this.GetPrimaryKeyString());

    public async Task<EnforcementPointView> EnrollAsync(EnforcementPointRegistration registration, CancellationToken cancellationToken = default)
    {
        if (state.State.Point is { } existing)
        {
            return existing.Registration.EnrollmentTokenId == registration.EnrollmentTokenId && !existing.Revoked
                ? existing
                : throw new AlreadyExistsException($"Enforcement point '{Id}' is already enrolled; an enrollment token works once.");
        }

        await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(registration.Plant)).RegisterEnforcementPointAsync(Id, cancellationToken);
        state.State.Point = new EnforcementPointView(Id, registration, time.GetUtcNow(), 0, null, null, Revoked: false);
        await state.WriteStateAsync(cancellationToken);
        return state.State.Point;
    }

    public async Task<EnforcementPointView> AcknowledgeAsync(long epoch, string? rulesetSha256 = null, CancellationToken cancellationToken = default)
    {
        var point = RequireActive();
        // Each acknowledgement says which ruleset is in force; none (empty) is a fact too: a point held fail-closed,
        // or one that applies no rulesets.
        var sha = string.IsNullOrEmpty(rulesetSha256) ? null : rulesetSha256;
        if (epoch <= point.AcknowledgedEpoch)
        {
            if (sha == point.RulesetSha256)
            {
                return point;
            }

            // A ruleset applied again (after a reconnection, or a fail-closed spell) without a new delta.
            state.State.Point = point with { RulesetSha256 = sha, LastHeartbeatAt = time.GetUtcNow() };
            await state.WriteStateAsync(cancellationToken);
            return state.State.Point;
        }

        var now = time.GetUtcNow();
        await acknowledgements.AppendAsync(Id.Value, epoch, now, cancellationToken);
        if (++_sincePrune >= PruneEvery)
        {
            _sincePrune = 0;
            await acknowledgements.PruneAsync(Id.Value, HistoryLimit, cancellationToken);
        }

        state.State.Point = point with { AcknowledgedEpoch = epoch, LastAcknowledgedAt = now, LastHeartbeatAt = now, RulesetSha256 = sha };
        await state.WriteStateAsync(cancellationToken);
        return state.State.Point;
    }

    public async Task<EnforcementPointView> HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        state.State.Point = RequireActive() with { LastHeartbeatAt = time.GetUtcNow() };
        await state.WriteStateAsync(cancellationToken);
        return state.State.Point;
    }

    public Task<DateTimeOffset?> AcknowledgedAtAsync(long epoch, CancellationToken cancellationToken = default) =>
        acknowledgements.FirstAtOrAfterAsync(Id.Value, epoch, cancellationToken);

    public async Task RevokeAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.Point is { Revoked: false } point)
        {
            state.State.Point = point with { Revoked = true };
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<EnforcementPointView?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Point);

    private EnforcementPointView RequireActive() => state.State.Point switch
    {
        // The point's credential is no good any more: it must enroll again, not retry.
        null => throw new UnauthenticatedException($"Enforcement point '{Id}' is not enrolled."),
        { Revoked: true } => throw new UnauthenticatedException("The enforcement point's credential was revoked."),
        var point => point,
    };
}
