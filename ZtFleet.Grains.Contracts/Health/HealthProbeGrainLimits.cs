namespace ZtFleet.Grains.Health;

/// <summary>How often the probe grain writes at most, whatever the number of API replicas probing it.</summary>
public static class HealthProbeGrainLimits
{
    /// <summary>A successful write younger than this answers a probe without another write.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
}
