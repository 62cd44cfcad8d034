using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// A stored detection: a <see cref="Finding"/> with its identity, how often it recurred, and what analysts did.
/// </summary>
/// <param name="Id">Unique in the fleet, stable: <c>det-</c> and a number per plant is not enough across plants, so
/// it is <c>{plant}-{sequence}</c> as the store assigns it.</param>
/// <param name="Finding">The (first) finding, with the evidence accumulated since.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Count">How many findings of its key it has absorbed (≥ 1).</param>
/// <param name="FirstSeen">When its first evidence happened.</param>
/// <param name="LastSeen">When its latest evidence happened.</param>
public sealed record Detection(
    string Id,
    Finding Finding,
    DetectionStatus Status,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    /// <summary>The plant.</summary>
    public PlantId Plant => Finding.Plant;

    /// <summary>Who acknowledged it and when, if someone did.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <inheritdoc cref="AcknowledgedBy"/>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who closed or learned it, when, and why.</summary>
    public string? ClosedBy { get; init; }

    /// <inheritdoc cref="ClosedBy"/>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <inheritdoc cref="ClosedBy"/>
    public string? CloseReason { get; init; }

    /// <summary>
    /// The plant's change counter when this version of the detection was stored: every new or changed detection of a
    /// plant gets the next number, so a watcher that saw revision <c>r</c> resumes with what changed after it.
    /// </summary>
    public long Revision { get; init; }

    /// <summary>Open or acknowledged: it still counts against the trust of its asset and identity.</summary>
    public bool InForce => Status is DetectionStatus.Open or DetectionStatus.Acknowledged;
}
