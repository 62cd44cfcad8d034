using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;

namespace ZtFleet.Grains.Zones;

/// <inheritdoc cref="IZoneGrain"/>
/// <remarks>The zone's facts, members and conduits have one home, its plant's definition; this grain reads them there.</remarks>
[GrainType("zone")]
public sealed class ZoneGrain : Grain, IZoneGrain
{
    public Task<ZoneState?> GetAsync(CancellationToken cancellationToken = default)
    {
        var (plant, zone) = GrainKeys.ParseZone(this.GetPrimaryKeyString());
        return GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetZoneAsync(zone, cancellationToken);
    }
}
