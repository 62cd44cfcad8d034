using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Health;

/// <summary>
/// Writes one small state row on request so readiness reflects whether grain state can be written, not only whether
/// a silo answers. Writes are rate-limited here, so many API replicas probing cost the database one write a second.
/// </summary>
[GrainType("health-probe")]
public sealed class HealthProbeGrain(
    [PersistentState("health-probe", ProviderNames.Storage)] IPersistentState<HealthProbeState> state,
    ControlPlaneClock time) : Grain, IHealthProbeGrain
{
    private DateTimeOffset? _lastSuccess;

    public async Task<DateTimeOffset> WriteAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_lastSuccess is { } last && now - last < HealthProbeGrainLimits.MinimumInterval && now >= last)
        {
            return last;
        }

        state.State.WrittenAt = now;
        state.State.Writes++;
        await state.WriteStateAsync(cancellationToken);
        _lastSuccess = now;
        return now;
    }
}
