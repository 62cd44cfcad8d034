namespace ZtFleet.Grains.Quarantine;

/// <summary>Persisted state of a plant's quarantine index.</summary>
[GenerateSerializer, Alias("ztfleet.QuarantineIndexGrainState")]
public sealed class QuarantineIndexGrainState
{
    /// <summary>Open quarantines by asset id.</summary>
    [Id(0)]
    public Dictionary<string, QuarantineSlot> Slots { get; set; } = [];

    /// <summary>Every quarantine id of the plant, in the order they were asked for.</summary>
    [Id(1)]
    public List<string> Ids { get; set; } = [];
}
