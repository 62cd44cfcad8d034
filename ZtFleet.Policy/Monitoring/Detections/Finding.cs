using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// What a detector concluded from events: the material of a detection before it is stored. Findings with the same
/// <see cref="Key"/> while a detection of that key is open add to it (count, last seen, evidence) instead of opening
/// another, so a PLC polled with a new function code every second is one detection, not 86,400 a day.
/// </summary>
/// <param name="Type">What it is.</param>
/// <param name="Severity">How serious.</param>
/// <param name="Plant">Where.</param>
/// <param name="Key">
/// What makes two findings the same detection: the type and the entities and values it is about
/// (<c>function-code-outside-baseline:eng-ws-1&gt;plc-1:fc90</c>). Stable across runs and processes.
/// </param>
/// <param name="Summary">One sentence a person reads: what happened, where, and against what normal.</param>
/// <param name="At">When the (last) evidence happened.</param>
/// <param name="Evidence">Ids of the events that show it (<see cref="TelemetryEvent.Id"/>), at most <see cref="MaxEvidence"/>.</param>
public sealed record Finding(
    DetectionType Type,
    Severity Severity,
    PlantId Plant,
    string Key,
    string Summary,
    DateTimeOffset At,
    IReadOnlyList<string> Evidence)
{
    /// <summary>How many evidence event ids a finding or a detection keeps (the first ones, then the latest).</summary>
    public const int MaxEvidence = 20;

    /// <summary>The asset it is about, when one (the destination of an OT transaction, the changed asset).</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The zone of <see cref="Asset"/>, or the zone it happened in.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>The identity it is about, when one.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>The other end (the source of a transaction or flow), when one; may be uninventoried.</summary>
    public ObservedHost? Source { get; init; }

    /// <summary>The ATT&amp;CK for ICS technique that fits, when one does.</summary>
    public AttackTechnique? Technique { get; init; }

    /// <summary>
    /// What "learn" would add to the baseline to accept this finding as normal, in words and as data the asset's
    /// baseline understands (<c>pair:eng-ws-1&gt;plc-1 fc:90</c>); null when it cannot be learned (a refused write,
    /// a lockout).
    /// </summary>
    public string? Learnable { get; init; }
}
