namespace ZtFleet.Grains.Zones;

/// <summary>One zone (area or cell) of a plant, keyed <c>plantId/zoneId</c>.</summary>
[Alias("ztfleet.IZoneGrain")]
public interface IZoneGrain : IGrainWithStringKey
{
    /// <summary>The zone with its members and conduits as its plant defines them, or null when it does not exist.</summary>
    Task<ZoneState?> GetAsync(CancellationToken cancellationToken = default);
}
