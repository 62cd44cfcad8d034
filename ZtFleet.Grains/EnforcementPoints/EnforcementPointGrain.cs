using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.EnforcementPoints;

/// <inheritdoc cref="IEnforcementPointGrain"/>
[GrainType("enforcement-point")]
public sealed class EnforcementPointGrain(
    [PersistentState("enforcement-point", ProviderNames.Storage)] IPersistentState<EnforcementPointGrainState> state,
    ControlPlaneClock time) : Grain, IEnforcementPointGrain
{
    /// <summary>How many acknowledgements are kept to answer "when did it apply epoch E".</summary>
    public const int HistoryLimit = 10_000;

    private EnforcementPointId Id => EnforcementPointId.Parse(this.GetPrimaryKeyString());

    public async Task<EnforcementPointView> EnrollAsync(EnforcementPointRegistration registration, CancellationToken cancellationToken = default)
    {
        if (state.State.Point is { } existing)
        {
            return existing.Registration.EnrollmentTokenId == registration.EnrollmentTokenId && !existing.Revoked
                ? existing
                : throw new InvalidOperationException($"Enforcement point '{Id}' is already enrolled; an enrollment token works once.");
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
        state.State.History.Add(new Acknowledgement(epoch, now));
        if (state.State.History.Count > HistoryLimit)
        {
            state.State.History.RemoveRange(0, state.State.History.Count - HistoryLimit);
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

    public Task<DateTimeOffset?> AcknowledgedAtAsync(long epoch, CancellationToken cancellationToken = default)
    {
        // History is in increasing epoch order: the first entry at or past the epoch is when it was applied.
        var history = state.State.History;
        var low = 0;
        var high = history.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (history[middle].Epoch < epoch)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return Task.FromResult<DateTimeOffset?>(low < history.Count ? history[low].At : null);
    }

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
        null => throw new InvalidOperationException($"Enforcement point '{Id}' is not enrolled."),
        { Revoked: true } => throw new InvalidOperationException($"Enforcement point '{Id}' was revoked."),
        var point => point,
    };
}
