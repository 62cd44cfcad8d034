namespace ZtFleet.Grains.Quarantine;

/// <summary>Persisted state of a quarantine grain.</summary>
[GenerateSerializer, Alias("ztfleet.QuarantineGrainState")]
public sealed class QuarantineGrainState
{
    [Id(0)]
    public QuarantineView? Quarantine { get; set; }
}
