namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// The bounds of an asset's baseline and the thresholds of its detectors. Every value has a default; a future
/// <c>monitoring:</c> section of the fleet document can set them (property names are its keys in camelCase).
/// </summary>
public sealed record BaselineSettings
{
    /// <summary>The settings used when the fleet document says nothing.</summary>
    public static BaselineSettings Default { get; } = new();

    /// <summary>Talkers (source and protocol/port) kept; beyond it the least recently seen is evicted.</summary>
    public int MaxTalkers { get; init; } = 16;

    /// <summary>Operations (source, unit, function code) kept; beyond it the least recently seen is evicted.</summary>
    public int MaxOperations { get; init; } = 32;

    /// <summary>Address ranges kept per operation; beyond it the two closest ranges are merged into one.</summary>
    public int MaxRangesPerOperation { get; init; } = 4;

    /// <summary>Programmers (source and engineering operation) kept.</summary>
    public int MaxProgrammers { get; init; } = 4;

    /// <summary>Firmware, program and mode values kept (the latest ones).</summary>
    public int MaxVersions { get; init; } = 4;

    /// <summary>Poll cycles a link needs before it counts as persistent (and can go silent or change period).</summary>
    public int PersistentAfterCycles { get; init; } = 8;

    /// <summary>The largest jitter (mean deviation of the interval) a persistent link has, as a share of its period.</summary>
    public double MaxJitterShare { get; init; } = 0.25;

    /// <summary>Links polled less often than this are not persistent (a daily backup is not a poll).</summary>
    public TimeSpan MaxPollingPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A persistent link is silent after this many periods without an operation.</summary>
    public double SilentAfterPeriods { get; init; } = 10;

    /// <summary>…and never before this much time without one (a 100 ms poll is not silent after a second).</summary>
    public TimeSpan MinimumSilence { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A persistent link's period changed when its recent period differs from the learned one by more than this share.</summary>
    public double PeriodTolerance { get; init; } = 0.5;

    /// <summary>Weight of a new interval in the learned period (EWMA); the first cycles are averaged evenly.</summary>
    public double PeriodAlpha { get; init; } = 0.125;

    /// <summary>How many intervals in a row must deviate beyond <see cref="PeriodTolerance"/> before the period counts as changed.</summary>
    public int PeriodChangedAfterCycles { get; init; } = 5;

    /// <summary>
    /// Operations closer than this share of the period to the cycle's first one belong to the same poll cycle (a
    /// master that reads three blocks back to back each second polls once a second, not three times).
    /// </summary>
    /// <remarks>It also means a link that starts polling more than four times faster is not seen as changed.</remarks>
    public double SameCycleShare { get; init; } = 0.25;

    /// <summary>The silence after which a link counts as silent for the asset.</summary>
    public TimeSpan SilenceAfter(TimeSpan period)
    {
        var periods = TimeSpan.FromTicks((long)Math.Min(period.Ticks * SilentAfterPeriods, TimeSpan.MaxValue.Ticks / 2.0));
        return periods > MinimumSilence ? periods : MinimumSilence;
    }
}
