namespace ZtFleet.Grains.Zones;

/// <summary>Persisted state of a zone grain.</summary>
[GenerateSerializer, Alias("ztfleet.ZoneGrainState")]
public sealed class ZoneGrainState
{
    [Id(0)]
    public ZoneState? Current { get; set; }
}
