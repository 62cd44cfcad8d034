namespace ZtFleet.Grains.Compliance;

/// <summary>Persisted state of the assessment schedule: the period its reminder was registered with.</summary>
[GenerateSerializer, Alias("ztfleet.ComplianceScheduleState")]
public sealed class ComplianceScheduleState
{
    /// <summary>The reminder's period when it was last registered; zero before the first time.</summary>
    [Id(0)]
    public TimeSpan ArmedPeriod { get; set; }
}
