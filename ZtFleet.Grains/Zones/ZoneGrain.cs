using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Zones;

/// <inheritdoc cref="IZoneGrain"/>
[GrainType("zone")]
public sealed class ZoneGrain(
    [PersistentState("zone", ProviderNames.Storage)] IPersistentState<ZoneGrainState> state) : Grain, IZoneGrain
{
    public async Task SetAsync(ZoneState? zone, CancellationToken cancellationToken = default)
    {
        if (ContentEquality.Same(state.State.Current, zone))
        {
            return;
        }

        state.State.Current = zone;
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<ZoneState?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Current);
}
