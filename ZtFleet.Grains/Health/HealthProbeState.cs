namespace ZtFleet.Grains.Health;

/// <summary>Persisted state of the health probe (state name <c>health-probe</c>): one small row, rewritten by each probe.</summary>
[GenerateSerializer, Alias("ztfleet.HealthProbeState")]
public sealed class HealthProbeState
{
    /// <summary>When the row was last written.</summary>
    [Id(0)]
    public DateTimeOffset WrittenAt { get; set; }

    /// <summary>How many probe writes the row has seen (makes every write a change).</summary>
    [Id(1)]
    public long Writes { get; set; }
}
