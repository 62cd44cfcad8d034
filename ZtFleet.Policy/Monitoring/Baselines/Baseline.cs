using System.Text.Json.Serialization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// What an asset normally sees, learned from the telemetry about it: who talks to it on which port
/// (<see cref="Talkers"/>), which operations each source uses on which unit and which addresses they touch
/// (<see cref="Operations"/>), how regularly persistent links poll it (<see cref="BaselineOperation.Poll"/>), who programs it
/// (<see cref="Programmers"/>) and which firmware, program and mode it was seen with (<see cref="Versions"/>).
/// Bounded by <see cref="BaselineSettings"/>: beyond a cap the least recently seen entry is evicted and counted.
/// </summary>
/// <remarks>
/// Pure and immutable: <see cref="Observe"/>, <see cref="Check"/> and <see cref="Learn"/> return a new baseline. Time
/// comes in as a value. Stored as the asset grain's row <c>asset-baseline</c> in compact JSON (short property names,
/// instants as Unix milliseconds, address ranges as <c>[from, to]</c>).
/// </remarks>
/// <param name="Plant">The asset's plant.</param>
/// <param name="Asset">The asset.</param>
public sealed record Baseline(
    [property: JsonPropertyName("plant")] PlantId Plant,
    [property: JsonPropertyName("asset")] AssetId Asset)
{
    /// <summary>The asset's zone as the latest event had it.</summary>
    [JsonPropertyName("zone")]
    public ZoneId? Zone { get; init; }

    /// <summary>Whether the asset's zone was learning at the latest observation (the timer's silence check uses it).</summary>
    [JsonPropertyName("learning")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Learning { get; init; }

    /// <summary>When the asset was last heard: the latest event about it.</summary>
    [JsonPropertyName("heard")]
    [JsonConverter(typeof(UnixMillisecondsJsonConverter))]
    public DateTimeOffset? LastHeard { get; init; }

    /// <summary>Whether the asset has been silent past its expected polling period (and not heard since).</summary>
    [JsonPropertyName("stale")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Stale { get; init; }

    /// <summary>How many entries were evicted to keep the baseline within its bounds.</summary>
    [JsonPropertyName("evicted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Evictions { get; init; }

    /// <summary>Sources per protocol/port, sorted by key.</summary>
    [JsonPropertyName("talkers")]
    public IReadOnlyList<BaselineTalker> Talkers { get; init; } = [];

    /// <summary>Operations per source and unit with their address ranges, sorted by key.</summary>
    [JsonPropertyName("ops")]
    public IReadOnlyList<BaselineOperation> Operations { get; init; } = [];

    /// <summary>The operations with a polling link (<see cref="BaselineOperation.Poll"/>).</summary>
    [JsonIgnore]
    public IEnumerable<BaselineOperation> Links => Operations.Where(o => o.Poll is not null);

    /// <summary>Who programs the asset.</summary>
    [JsonPropertyName("programmers")]
    public IReadOnlyList<BaselineProgrammer> Programmers { get; init; } = [];

    /// <summary>The latest firmware, program and mode values, oldest first.</summary>
    [JsonPropertyName("versions")]
    public IReadOnlyList<BaselineVersion> Versions { get; init; } = [];

    /// <summary>
    /// The shortest period among persistent links: the asset is expected to be heard at least that often. Null when
    /// it has no persistent link (nothing is expected of it).
    /// </summary>
    public TimeSpan? ExpectedPeriod(BaselineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var periods = Operations.Where(o => o.Poll?.IsPersistent(settings) == true).Select(o => o.Poll!.Period).ToList();
        return periods.Count == 0 ? null : periods.Min();
    }

    /// <summary>
    /// Learns from (while <paramref name="learning"/>) or compares with the baseline the events about the asset,
    /// runs the asset-level detectors and then <see cref="Check"/>. Events about another asset are ignored.
    /// </summary>
    /// <param name="baseline">The baseline so far.</param>
    /// <param name="events">The events of a batch that concern the asset, in the sender's order.</param>
    /// <param name="learning">Whether the asset's zone is learning: novelty is learned, not reported.</param>
    /// <param name="settings">Bounds and thresholds.</param>
    /// <param name="maintenanceWindows">The plant's maintenance windows (program and firmware changes outside them are reported).</param>
    /// <param name="now">The receiver's time (for the silence check).</param>
    /// <returns>The new baseline, and the findings (one per key, with the batch's evidence).</returns>
    public static BaselineResult Observe(
        Baseline baseline,
        IEnumerable<TelemetryEvent> events,
        bool learning,
        BaselineSettings settings,
        IReadOnlyList<ShiftCalendar> maintenanceWindows,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(maintenanceWindows);
        var work = new BaselineWork(baseline, settings, learning);
        foreach (var e in events)
        {
            work.Observe(e, maintenanceWindows);
        }

        work.CheckSilence(now);
        return new BaselineResult(work.ToBaseline(), work.Findings);
    }

    /// <summary>
    /// What needs no event: persistent links silent past <see cref="BaselineSettings.SilenceAfter"/> (reported once
    /// each, not while learning), and whether the asset as a whole is <see cref="Stale"/>.
    /// </summary>
    public static BaselineResult Check(Baseline baseline, BaselineSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(settings);
        var work = new BaselineWork(baseline, settings, baseline.Learning);
        work.CheckSilence(now);
        return new BaselineResult(work.ToBaseline(), work.Findings);
    }

    /// <summary>
    /// Accepts a finding into the baseline ("learn"): what its <see cref="Finding.Learnable"/> describes is normal
    /// from now on.
    /// </summary>
    /// <returns>The new baseline, or null when the finding cannot be learned (no or an unreadable learnable, or another asset).</returns>
    public static Baseline? Learn(Baseline baseline, Finding finding, BaselineSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(settings);
        if ((finding.Asset is { } asset && asset != baseline.Asset)
            || !BaselineLearnable.TryParse(finding.Learnable, out var learnable))
        {
            return null;
        }

        var work = new BaselineWork(baseline, settings, baseline.Learning);
        work.Learn(learnable, now);
        return work.ToBaseline();
    }
}
