using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Learning;

/// <summary>
/// A plant's learning mode: a plant (or a zone of it) learns for a period from the plant's first telemetry, then is
/// operational; an administrator may end it early or restart it, for the plant or for one zone.
/// </summary>
/// <remarks>
/// Learning starts at the first telemetry, not when the plant is declared: a plant is often in the inventory months
/// before its sensors send anything, and a period spent without traffic would learn nothing. A zone without a decision
/// of its own follows the plant; ending or restarting the whole plant clears the zones' decisions.
/// </remarks>
/// <param name="StartedAt">When the plant's learning started (its first telemetry, or an administrator's restart).</param>
/// <param name="EndedAt">When an administrator ended the plant's learning early.</param>
/// <param name="Zones">Per-zone decisions, at most one per zone.</param>
public sealed record LearningState(DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<ZoneLearning> Zones)
{
    /// <summary>A plant that has received no telemetry yet.</summary>
    public static LearningState NotStarted { get; } = new(null, null, []);

    /// <summary>The state once telemetry arrives at <paramref name="now"/>: learning starts if it never has.</summary>
    public LearningState Observed(DateTimeOffset now) => StartedAt is null ? this with { StartedAt = now } : this;

    /// <summary>Ends learning now for <paramref name="zone"/>, or for the plant and every zone when null.</summary>
    public LearningState End(ZoneId? zone, DateTimeOffset now, TimeSpan period)
    {
        if (zone is not { } z)
        {
            return this with { StartedAt = StartedAt ?? now, EndedAt = now, Zones = [] };
        }

        var current = Of(z, now, period);
        return With(new ZoneLearning(z, current.StartedAt ?? now, now));
    }

    /// <summary>Restarts a whole learning period now for <paramref name="zone"/>, or for the plant and every zone when null.</summary>
    public LearningState Restart(ZoneId? zone, DateTimeOffset now) =>
        zone is { } z ? With(new ZoneLearning(z, now, null)) : new LearningState(now, null, []);

    /// <summary>The plant's own status (zones without a decision of their own follow it).</summary>
    public LearningStatus OfPlant(DateTimeOffset now, TimeSpan period) => Status(null, StartedAt, EndedAt, now, period, false);

    /// <summary>The status of <paramref name="zone"/>.</summary>
    public LearningStatus Of(ZoneId zone, DateTimeOffset now, TimeSpan period) =>
        Zones.FirstOrDefault(z => z.Zone == zone) is { } own
            ? Status(zone, own.StartedAt, own.EndedAt, now, period, true)
            : Status(zone, StartedAt, EndedAt, now, period, false);

    /// <summary>Which of <paramref name="zones"/> are learning at <paramref name="now"/>.</summary>
    public IReadOnlySet<ZoneId> LearningZones(IEnumerable<ZoneId> zones, DateTimeOffset now, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(zones);
        return zones.Where(z => Of(z, now, period).Learning).ToHashSet();
    }

    private LearningState With(ZoneLearning decision) =>
        this with { Zones = [.. Zones.Where(z => z.Zone != decision.Zone), decision] };

    private static LearningStatus Status(ZoneId? zone, DateTimeOffset? started, DateTimeOffset? ended, DateTimeOffset now, TimeSpan period, bool overridden)
    {
        if (started is not { } start)
        {
            return new LearningStatus(zone, false, null, null, overridden);
        }

        var scheduled = start + period;
        var ends = ended is { } e && e < scheduled ? e : scheduled;
        return new LearningStatus(zone, now >= start && now < ends, start, ends, overridden);
    }
}
