namespace ZtFleet.Grains.Zones;

/// <summary>One zone (area or cell) of a plant, keyed <c>plantId/zoneId</c>.</summary>
[Alias("ztfleet.IZoneGrain")]
public interface IZoneGrain : IGrainWithStringKey
{
    /// <summary>Sets the zone's facts, members and conduits; null removes the zone.</summary>
    Task SetAsync(ZoneState? state, CancellationToken cancellationToken = default);

    /// <summary>The zone, or null when it does not exist.</summary>
    Task<ZoneState?> GetAsync(CancellationToken cancellationToken = default);
}
